using ChiroClick.Domain.Leads;
using ChiroClick.Domain.Patients;

namespace ChiroClick.Api.Leads;

/// <summary>
/// Body of <c>POST /api/v1/crm/leads/{id}/convert</c> (may be empty). <c>expectedVersion</c> is optional
/// here: converting twice is refused anyway (422).
/// </summary>
public sealed record ConvertLead(
    int? ExpectedVersion = null,
    DateOnly? BirthDate = null,
    string? NationalIdentityNumber = null,
    string? Reason = null);

/// <summary>Answer to a conversion: the lead and the patient it became.</summary>
public sealed record LeadConversion(Guid LeadId, Guid PatientId, string PatientUrl, int LeadVersion);

/// <summary>
/// Converts a lead: LeadStageChanged(→ converted), LeadConverted and LeadScored on the lead stream and
/// PatientRegistered on a new patient stream, in one transaction.
/// </summary>
public static class ConvertLeadEndpoint
{
    /// <summary>400 for an invalid fødselsnummer or a birth date in the future.</summary>
    public static ProblemDetails Validate(ConvertLead command, TimeProvider clock)
    {
        var errors = new Dictionary<string, string[]>();
        if (!string.IsNullOrWhiteSpace(command.NationalIdentityNumber) &&
            !NationalIdentityNumber.IsValid(command.NationalIdentityNumber.Replace(" ", "")))
            errors.Add("nationalIdentityNumber", "Not a valid fødselsnummer or D-nummer (11 digits, mod-11 control digits).");
        if (command.BirthDate is { } born && born > DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
            errors.Add("birthDate", "birthDate is in the future.");
        return Problems.Validation(errors);
    }

    /// <summary>Decides and appends both streams' events.</summary>
    [WolverinePost("/api/v1/crm/leads/{id:guid}/convert", OperationId = "convertLead", Summary = "Convert a lead into a patient")]
    [ChiroClick.Api.Common.BusinessRuleResponse]
    [ProducesResponseType<LeadConversion>(201)]
    public static (IResult, Events) Post(ConvertLead command,
        [WriteAggregate] Lead lead,
        IDocumentSession session)
    {
        if (command.ExpectedVersion is { } expected && lead.Version != expected)
            return (Problems.StaleVersion(lead.Version, expected), new Events());
        var patientId = Guid.CreateVersion7();
        var (decision, patient) = LeadDecisions.Convert(lead, patientId, command.BirthDate,
            command.NationalIdentityNumber?.Replace(" ", ""), command.Reason);
        if (decision.Error is { } error) return (Problems.From(error), new Events());

        // Same session, same transaction as the lead's events.
        session.Events.StartStream<Patient>(patientId, patient!);
        var events = new Events();
        events.AddRange(decision.Events);
        var url = $"/api/v1/patients/{patientId}";
        return (Results.Created(url, new LeadConversion(lead.Id, patientId, url, lead.Version + events.Count)), events);
    }
}
