using ChiroClick.Domain.Leads;

namespace ChiroClick.Api.Leads;

/// <summary>Body of <c>POST /api/v1/crm/leads</c>. fullName and source are required; phone or e-mail too.</summary>
public sealed record CaptureLead(
    string? FullName,
    string? Phone,
    string? Email,
    LeadSource? Source,
    string? Complaint,
    bool MarketingConsent = false,
    Guid? ReferredByPatientId = null);

/// <summary>Answer to a capture: the new lead's id, URL, stage and score (201 Created, Location header).</summary>
public sealed record LeadCreated(Guid Id, string Url, LeadStage Stage, int Score) : CreationResponse(Url);

/// <summary>Captures a lead: LeadCaptured + LeadScored start a new lead stream.</summary>
public static class CaptureLeadEndpoint
{
    /// <summary>400 when required fields are missing or malformed; nothing is appended then.</summary>
    public static ProblemDetails Validate(CaptureLead command)
    {
        var errors = new Dictionary<string, string[]>();
        LeadInput.CheckContact(errors, command.FullName, command.Phone, command.Email, command.Complaint);
        if (command.Source is null) errors.Add("source", $"source is required: one of {Infrastructure.ChiroJson.Known<LeadSource>()}.");
        if (string.IsNullOrWhiteSpace(command.Phone) && string.IsNullOrWhiteSpace(command.Email))
            errors.Add("phone", "Give a phone number or an e-mail address, so the clinic can reach the lead.");
        return Problems.Validation(errors);
    }

    /// <summary>Captures the lead.</summary>
    [WolverinePost("/api/v1/crm/leads", OperationId = "captureLead", Summary = "Capture a new lead")]
    public static (LeadCreated, IStartStream) Post(CaptureLead command)
    {
        var id = Guid.CreateVersion7();
        var events = LeadDecisions.Capture(id, command.FullName!, LeadInput.Phone(command.Phone), LeadInput.Email(command.Email),
            command.Source!.Value, command.Complaint, command.MarketingConsent, command.ReferredByPatientId);
        var score = events.OfType<LeadScored>().Single().Score;
        return (new LeadCreated(id, $"/api/v1/crm/leads/{id}", LeadStage.New, score), MartenOps.StartStream<Lead>(id, [.. events]));
    }
}
