using ChiroClick.Api.Common;
using ChiroClick.Api.Infrastructure;
using ChiroClick.Domain.Communications;
using ChiroClick.Projections.Communications;
using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

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

/// <summary>Communication history: log one (CommunicationLogged) and list with filters.</summary>
public static class LogCommunicationEndpoint
{
    /// <summary>400 for missing fields or a time in the future.</summary>
    public static ProblemDetails Validate(LogCommunication c, TimeProvider clock)
    {
        var errors = new Dictionary<string, string[]>();
        if (c.Channel is null) errors.Add("channel", $"channel is required: one of {ChiroJson.Known<CommunicationChannel>()}.");
        if (c.Direction is null) errors.Add("direction", $"direction is required: one of {ChiroJson.Known<CommunicationDirection>()}.");
        if (string.IsNullOrWhiteSpace(c.Subject)) errors.Add("subject", "subject is required.");
        else if (c.Subject.Length > 500) errors.Add("subject", "subject is longer than 500 characters.");
        if (c.PatientId is null && c.LeadId is null) errors.Add("patientId", "Give the patientId or the leadId the communication concerns.");
        if (c.OccurredAt is { } at && at > clock.GetUtcNow().AddMinutes(5)) errors.Add("occurredAt", "occurredAt is in the future.");
        return Problems.Validation(errors);
    }

    /// <summary>Logs the communication.</summary>
    [WolverinePost("/api/v1/crm/communications", OperationId = "logCommunication", Summary = "Log a call, SMS, e-mail or letter")]
    public static (CommunicationCreated, IStartStream) Post(LogCommunication c, TimeProvider clock)
    {
        var id = Guid.CreateVersion7();
        var logged = new CommunicationLogged(id, c.PatientId, c.LeadId, c.Channel!.Value, c.Direction!.Value, c.Subject!.Trim(),
            c.Body, c.TemplateId, c.CampaignId, c.OccurredAt?.ToUniversalTime() ?? clock.GetUtcNow());
        return (new CommunicationCreated(id, $"/api/v1/crm/communications?patientId={c.PatientId}"), MartenOps.StartStream<CommunicationEntry>(id, logged));
    }

}

/// <summary><c>GET /api/v1/crm/communications</c>.</summary>
public static class GetCommunicationsEndpoint
{
    /// <summary>
    /// <c>GET /api/v1/crm/communications?patientId=&amp;leadId=&amp;channel=&amp;direction=&amp;from=&amp;to=&amp;page=&amp;pageSize=</c>:
    /// newest first; <c>from</c> inclusive, <c>to</c> exclusive (ISO-8601); bad values → 400.
    /// </summary>
    [WolverineGet("/api/v1/crm/communications", OperationId = "listCommunications", Summary = "List communications with a patient or lead")]
    [ProducesResponseType<Paged<CommunicationEntry>>(200)]
    public static async Task<IResult> List(IQuerySession session, string? patientId, string? leadId, string? channel, string? direction,
        string? from, string? to, string? page, string? pageSize, CancellationToken ct)
    {
        var bad0 = QueryValues.Guid(patientId, "patientId", out var patient);
        var bad1 = QueryValues.Guid(leadId, "leadId", out var lead);
        var bad2 = QueryValues.Time(from, "from", out var fromTime);
        var bad3 = QueryValues.Time(to, "to", out var toTime);
        var bad4 = Paging.Check(page, pageSize, out var number, out var size);
        var bad = bad0 ?? bad1 ?? bad2 ?? bad3 ?? bad4;
        if (bad is not null) return bad;
        IQueryable<CommunicationEntry> query = session.Query<CommunicationEntry>();
        if (patient is { } p) query = query.Where(x => x.PatientId == p);
        if (lead is { } l) query = query.Where(x => x.LeadId == l);
        if (!string.IsNullOrWhiteSpace(channel))
        {
            if (!ChiroJson.TryParse<CommunicationChannel>(channel, out var ch))
                return Problems.BadRequest($"Unknown channel '{channel}'; use one of {ChiroJson.Known<CommunicationChannel>()}.");
            query = query.Where(x => x.Channel == ch);
        }
        if (!string.IsNullOrWhiteSpace(direction))
        {
            if (!ChiroJson.TryParse<CommunicationDirection>(direction, out var d))
                return Problems.BadRequest($"Unknown direction '{direction}'; use one of {ChiroJson.Known<CommunicationDirection>()}.");
            query = query.Where(x => x.Direction == d);
        }
        if (fromTime is { } f && toTime is { } t && t <= f) return Problems.BadRequest("to must be after from.");
        if (fromTime is { } f2) query = query.Where(x => x.OccurredAt >= f2);
        if (toTime is { } t2) query = query.Where(x => x.OccurredAt < t2);
        var results = await query.OrderByDescending(x => x.OccurredAt).ThenByDescending(x => x.Id).ToPagedListAsync(number, size, ct);
        return Results.Ok(new Paged<CommunicationEntry>(results.ToList(), number, size, results.TotalItemCount));
    }
}
