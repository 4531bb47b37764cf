using ChiroClick.Domain.Patients;

namespace ChiroClick.Api.Patients;

/// <summary>
/// Body of <c>POST /api/v1/patients</c>. fullName is required; phone accepts any spelling of a Norwegian
/// number and is stored as E.164; nationalIdentityNumber (fødselsnummer / D-nummer) is mod-11 checked
/// under both the legacy and the 2032 rule.
/// </summary>
public sealed record RegisterPatient(
    string? FullName,
    DateOnly? BirthDate = null,
    string? NationalIdentityNumber = null,
    string? Phone = null,
    string? Email = null,
    PostalAddress? Address = null,
    IReadOnlyList<ConsentGrant>? Consents = null);

/// <summary>Answer to a registration (201 Created, Location header).</summary>
public sealed record PatientCreated(Guid Id, string Url, LifecycleStage Stage) : CreationResponse(Url);

/// <summary>Registers a patient: PatientRegistered starts the patient stream in lifecycle stage new.</summary>
public static class RegisterPatientEndpoint
{
    /// <summary>400 for missing or malformed fields (invalid fødselsnummer included); nothing is appended.</summary>
    public static ProblemDetails Validate(RegisterPatient command, TimeProvider clock)
    {
        var errors = new Dictionary<string, string[]>();
        PatientInput.CheckDetails(errors, command.FullName, command.BirthDate, command.NationalIdentityNumber, command.Phone,
            command.Email, command.Address, clock.GetUtcNow());
        return Problems.Validation(errors);
    }

    /// <summary>Registers the patient.</summary>
    [WolverinePost("/api/v1/patients", OperationId = "registerPatient", Summary = "Register a patient")]
    public static (PatientCreated, IStartStream) Post(RegisterPatient command)
    {
        var id = Guid.CreateVersion7();
        var registered = new PatientRegistered(id, command.FullName!.Trim(), command.BirthDate, PatientInput.Fnr(command.NationalIdentityNumber),
            PatientInput.Phone(command.Phone), PatientInput.Email(command.Email), command.Address,
            (command.Consents ?? []).Distinct().ToList(), null, null);
        return (new PatientCreated(id, $"/api/v1/patients/{id}", LifecycleStage.New), MartenOps.StartStream<Patient>(id, registered));
    }
}
