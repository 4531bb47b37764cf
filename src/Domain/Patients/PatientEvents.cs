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

/// <summary>
/// A patient's contact details changed. Carries the full new values (null clears an optional field).
/// </summary>
/// <param name="PatientId">Patient id.</param>
/// <param name="FullName">Full name.</param>
/// <param name="BirthDate">Date of birth or null.</param>
/// <param name="NationalIdentityNumber">Fødselsnummer / D-nummer (mod-11 checked) or null.</param>
/// <param name="Phone">E.164 phone or null.</param>
/// <param name="Email">E-mail (lower case) or null.</param>
/// <param name="Address">Postal address or null.</param>
/// <param name="Consents">The full set of consents now given.</param>
public sealed record PatientDetailsUpdated(
    Guid PatientId,
    string FullName,
    DateOnly? BirthDate,
    string? NationalIdentityNumber,
    string? Phone,
    string? Email,
    PostalAddress? Address,
    IReadOnlyList<ConsentGrant> Consents) : IPatientEvent;

/// <summary>
/// A visit (a completed appointment) took place. <paramref name="CompletedAt"/> is the business time of
/// the visit, which is what every visit figure (lifecycle, cohorts, churn, "visits this month") uses: an
/// import appends history today with the visits' original times, so the event's own timestamp (when it was
/// recorded) is not the visit time.
/// </summary>
/// <param name="PatientId">Patient id.</param>
/// <param name="VisitId">Visit id (UUID).</param>
/// <param name="CompletedAt">When the visit ended (UTC).</param>
/// <param name="Practitioner">Name of the practitioner (chiropractor) who treated the patient.</param>
/// <param name="Icpc2Codes">ICPC-2 diagnosis codes, e.g. "L03" (low back symptom), upper-case.</param>
/// <param name="Treatment">What was done, free text (e.g. "manipulasjon L4-L5, øvelser").</param>
/// <param name="ExternalId">Id in the source system for imported visits ("synthea:&lt;encounter id&gt;"), else null.</param>
public sealed record VisitCompleted(
    Guid PatientId,
    Guid VisitId,
    DateTimeOffset CompletedAt,
    string? Practitioner,
    IReadOnlyList<string> Icpc2Codes,
    string? Treatment,
    string? ExternalId = null) : IPatientEvent;

/// <summary>
/// The patient moved between lifecycle stages, by hand (<paramref name="Automatic"/> false) or by the
/// rules in <see cref="LifecycleRules"/> (a visit, or the scheduled sweep).
/// </summary>
/// <param name="PatientId">Patient id.</param>
/// <param name="From">Stage before.</param>
/// <param name="To">Stage after.</param>
/// <param name="Reason">Why, e.g. "no visit for 95 days (check-in frequency 30 days)".</param>
/// <param name="Automatic">True when made by the rules, false when made by a user.</param>
/// <param name="ChangedAt">Business time of the move: the visit's time, the sweep's clock, or now for manual moves.</param>
public sealed record LifecycleStageChanged(
    Guid PatientId,
    LifecycleStage From,
    LifecycleStage To,
    string? Reason,
    bool Automatic,
    DateTimeOffset ChangedAt) : IPatientEvent;

/// <summary>The patient gave one consent (channel × purpose) after registration.</summary>
/// <param name="PatientId">Patient id.</param>
/// <param name="Channel">Channel.</param>
/// <param name="Purpose">Purpose.</param>
/// <param name="GivenAt">When.</param>
public sealed record ConsentGiven(Guid PatientId, ConsentChannel Channel, ConsentPurpose Purpose, DateTimeOffset GivenAt) : IPatientEvent;

/// <summary>The patient withdrew one consent (an unsubscribe from a campaign, or a request to the clinic).</summary>
/// <param name="PatientId">Patient id.</param>
/// <param name="Channel">Channel.</param>
/// <param name="Purpose">Purpose.</param>
/// <param name="CampaignId">Campaign the patient unsubscribed from, or null.</param>
/// <param name="WithdrawnAt">When.</param>
public sealed record ConsentWithdrawn(Guid PatientId, ConsentChannel Channel, ConsentPurpose Purpose, Guid? CampaignId,
    DateTimeOffset WithdrawnAt) : IPatientEvent;

/// <summary>
/// A clinical note was recorded on the patient's record, by hand or from an accepted AI extraction of a consultation
/// (<paramref name="SuggestionId"/> and <paramref name="ConsultationId"/> say which). Personal data: masked on erasure.
/// </summary>
/// <param name="PatientId">Patient id.</param>
/// <param name="NoteId">Note id.</param>
/// <param name="Subjective">S: what the patient told.</param>
/// <param name="Objective">O: findings.</param>
/// <param name="Assessment">A: assessment.</param>
/// <param name="Plan">P: plan.</param>
/// <param name="Icpc2Codes">ICPC-2 codes of the note, upper case.</param>
/// <param name="RedFlags">Red flags noted ("mulig cauda equina (high)"), empty when none.</param>
/// <param name="Exercises">Home exercises given.</param>
/// <param name="ConsultationId">The consultation it was written from, or null.</param>
/// <param name="AppointmentId">The appointment, or null.</param>
/// <param name="SuggestionId">The AI suggestion it came from, or null.</param>
/// <param name="RecordedAt">Business time of the note.</param>
public sealed record VisitNoteRecorded(
    Guid PatientId,
    Guid NoteId,
    string Subjective,
    string Objective,
    string Assessment,
    string Plan,
    IReadOnlyList<string> Icpc2Codes,
    IReadOnlyList<string> RedFlags,
    IReadOnlyList<string> Exercises,
    Guid? ConsultationId,
    Guid? AppointmentId,
    Guid? SuggestionId,
    DateTimeOffset RecordedAt) : IPatientEvent;

