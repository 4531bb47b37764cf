namespace ChiroClick.Domain.Patients;

/// <summary>Channel a consent applies to.</summary>
public enum ConsentChannel
{
    /// <summary>Text messages.</summary>
    Sms,
    /// <summary>E-mail.</summary>
    Email,
    /// <summary>Phone calls.</summary>
    Phone,
    /// <summary>Paper letters.</summary>
    Letter,
}

/// <summary>What a consent allows.</summary>
public enum ConsentPurpose
{
    /// <summary>Appointment reminders and practical messages about care.</summary>
    Care,
    /// <summary>Newsletters, offers and campaigns.</summary>
    Marketing,
    /// <summary>Surveys such as NPS.</summary>
    Surveys,
}

/// <summary>A consent the patient has given: channel × purpose.</summary>
public sealed record ConsentGrant(ConsentChannel Channel, ConsentPurpose Purpose);

/// <summary>A postal address (Norwegian format: street, 4-digit postcode, place).</summary>
public sealed record PostalAddress(string Street, string PostalCode, string City, string Country = "NO");

/// <summary>Marker for every event of a patient stream.</summary>
public interface IPatientEvent
{
    /// <summary>The patient's id (= its stream id).</summary>
    Guid PatientId { get; }
}

/// <summary>A patient was registered, directly, by converting a lead, or by an import.</summary>
/// <param name="PatientId">Stream id.</param>
/// <param name="FullName">Full name.</param>
/// <param name="BirthDate">Date of birth, or null when unknown.</param>
/// <param name="NationalIdentityNumber">Fødselsnummer or D-nummer (11 digits, mod-11 checked), or null.</param>
/// <param name="Phone">E.164 phone, or null.</param>
/// <param name="Email">E-mail, or null.</param>
/// <param name="Address">Postal address, or null.</param>
/// <param name="Consents">Consents given at registration.</param>
/// <param name="FromLeadId">The lead this patient was converted from, if any.</param>
/// <param name="ExternalId">Id in the system the patient was imported from (e.g. "synthea:&lt;uuid&gt;"), if any.</param>
public sealed record PatientRegistered(
    Guid PatientId,
    string FullName,
    DateOnly? BirthDate,
    string? NationalIdentityNumber,
    string? Phone,
    string? Email,
    PostalAddress? Address,
    IReadOnlyList<ConsentGrant> Consents,
    Guid? FromLeadId,
    string? ExternalId) : IPatientEvent;
