using ChiroClick.Api.Infrastructure;
using ChiroClick.Domain.Communications;

namespace ChiroClick.Api.Communications;

/// <summary>Body of <c>POST /api/v1/crm/communications</c>: channel, direction and subject are required; a patient or a lead too.</summary>
public sealed record LogCommunication(
    CommunicationChannel? Channel,
    CommunicationDirection? Direction,
    string? Subject,
    Guid? PatientId = null,
    Guid? LeadId = null,
    string? Body = null,
    string? TemplateId = null,
    Guid? CampaignId = null,
    DateTimeOffset? OccurredAt = null);

/// <summary>Answer to a logged communication (201).</summary>
public sealed record CommunicationCreated(Guid Id, string Url) : CreationResponse(Url);

/// <summary>Logs one communication (CommunicationLogged starts its stream).</summary>
public static class LogCommunicationEndpoint
{
    /// <summary>400 for missing fields or a time in the future.</summary>
    public static ProblemDetails Validate(LogCommunication c, TimeProvider clock)
    {
        var errors = new Dictionary<string, string[]>();
        if (c.Channel is null) errors.Add("channel", $"channel is required: one of {ChiroJson.Known<CommunicationChannel>()}.");
        if (c.Direction is null) errors.Add("direction", $"direction is required: one of {ChiroJson.Known<CommunicationDirection>()}.");
        if (string.IsNullOrWhiteSpace(c.Subject)) errors.Add("subject", "subject is required.");
        else if (c.Subject.Length > CommunicationDecisions.MaxSubjectLength)
            errors.Add("subject", $"subject is longer than {CommunicationDecisions.MaxSubjectLength} characters.");
        if (c.PatientId is null && c.LeadId is null) errors.Add("patientId", "Give the patientId or the leadId the communication concerns.");
        if (CommunicationDecisions.InTheFuture(c.OccurredAt, clock.GetUtcNow())) errors.Add("occurredAt", "occurredAt is in the future.");
        return Problems.Validation(errors);
    }

    /// <summary>Logs the communication.</summary>
    [WolverinePost("/api/v1/crm/communications", OperationId = "logCommunication", Summary = "Log a call, SMS, e-mail or letter")]
    public static (CommunicationCreated, IStartStream) Post(LogCommunication c, TimeProvider clock)
    {
        var id = Guid.CreateVersion7();
        var logged = CommunicationDecisions.Log(id, c.PatientId, c.LeadId, c.Channel!.Value, c.Direction!.Value, c.Subject!, c.Body,
            c.TemplateId, c.CampaignId, c.OccurredAt, clock.GetUtcNow());
        return (new CommunicationCreated(id, $"/api/v1/crm/communications?patientId={c.PatientId}"), MartenOps.StartStream<Communication>(id, logged));
    }
}
