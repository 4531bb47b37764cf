using ChiroClick.Domain.Patients;

namespace ChiroClick.Api.Patients;

/// <summary>
/// Body of <c>PUT /api/v1/patients/{id}</c>: <c>expectedVersion</c> (the version last read) is required
/// (stale → 409). Fields left out keep their value; an empty string clears phone, e-mail or fødselsnummer.
/// </summary>
public sealed record UpdatePatient(
    int? ExpectedVersion,
    string? FullName = null,
    DateOnly? BirthDate = null,
    string? NationalIdentityNumber = null,
    string? Phone = null,
    string? Email = null,
    PostalAddress? Address = null,
    IReadOnlyList<ConsentGrant>? Consents = null);

/// <summary>Answer to an update.</summary>
public sealed record PatientUpdated(Guid Id, int Version, int EventsAppended);

/// <summary>Updates a patient's details (PatientDetailsUpdated, only when something differs).</summary>
public static class UpdatePatientEndpoint
{
    /// <summary>400 for a missing version or malformed details.</summary>
    public static ProblemDetails Validate(UpdatePatient command, TimeProvider clock)
    {
        var errors = new Dictionary<string, string[]>();
        if (command.ExpectedVersion is null or < 1) errors.Add("expectedVersion", "expectedVersion (the version you last read, ≥ 1) is required.");
        if (command.FullName is not null && string.IsNullOrWhiteSpace(command.FullName)) errors.Add("fullName", "fullName cannot be blank.");
        PatientInput.CheckDetails(errors, command.FullName ?? "unchanged", command.BirthDate, command.NationalIdentityNumber, command.Phone,
            command.Email, command.Address, clock.GetUtcNow());
        return Problems.Validation(errors);
    }

    /// <summary>Decides and appends.</summary>
    [WolverinePut("/api/v1/patients/{id:guid}", OperationId = "updatePatient", Summary = "Update a patient's details")]
    [ProducesResponseType<PatientUpdated>(200)]
    public static (IResult, Events) Put(UpdatePatient c, [WriteAggregate] Patient patient)
    {
        if (patient.Version != c.ExpectedVersion) return (Problems.StaleVersion(patient.Version, c.ExpectedVersion), new Events());
        var updated = new PatientDetailsUpdated(patient.Id,
            c.FullName?.Trim() ?? patient.FullName,
            c.BirthDate ?? patient.BirthDate,
            c.NationalIdentityNumber is null ? patient.NationalIdentityNumber : PatientInput.Fnr(c.NationalIdentityNumber),
            c.Phone is null ? patient.Phone : PatientInput.Phone(c.Phone),
            c.Email is null ? patient.Email : PatientInput.Email(c.Email),
            c.Address ?? patient.Address,
            c.Consents?.Distinct().ToList() ?? patient.Consents);
        var same = updated.FullName == patient.FullName && updated.BirthDate == patient.BirthDate &&
                   updated.NationalIdentityNumber == patient.NationalIdentityNumber && updated.Phone == patient.Phone &&
                   updated.Email == patient.Email && updated.Address == patient.Address && updated.Consents.SequenceEqual(patient.Consents);
        var events = new Events();
        if (!same) events.Add(updated);
        return (Results.Ok(new PatientUpdated(patient.Id, patient.Version + events.Count, events.Count)), events);
    }
}
