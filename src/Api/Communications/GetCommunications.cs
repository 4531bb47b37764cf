using ChiroClick.Domain.Communications;
using ChiroClick.Projections.Communications;

namespace ChiroClick.Api.Communications;

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
        var bad2 = QueryValues.Enum<CommunicationChannel>(channel, "channel", out var byChannel);
        var bad3 = QueryValues.Enum<CommunicationDirection>(direction, "direction", out var byDirection);
        var bad4 = QueryValues.Time(from, "from", out var fromTime);
        var bad5 = QueryValues.Time(to, "to", out var toTime);
        var bad6 = Paging.Check(page, pageSize, out var number, out var size);
        if ((bad0 ?? bad1 ?? bad2 ?? bad3 ?? bad4 ?? bad5 ?? bad6) is { } bad) return bad;
        if (fromTime is { } f && toTime is { } t && t <= f) return Problems.BadRequest("to must be after from.");
        IQueryable<CommunicationEntry> query = session.Query<CommunicationEntry>();
        if (patient is { } p) query = query.Where(x => x.PatientId == p);
        if (lead is { } l) query = query.Where(x => x.LeadId == l);
        if (byChannel is { } ch) query = query.Where(x => x.Channel == ch);
        if (byDirection is { } d) query = query.Where(x => x.Direction == d);
        if (fromTime is { } f2) query = query.Where(x => x.OccurredAt >= f2);
        if (toTime is { } t2) query = query.Where(x => x.OccurredAt < t2);
        return Results.Ok(await Paging.PageAsync(query.OrderByDescending(x => x.OccurredAt).ThenByDescending(x => x.Id), number, size, ct));
    }
}
