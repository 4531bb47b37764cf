using ChiroClick.Api.Infrastructure;
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
        var bad2 = QueryValues.Time(from, "from", out var fromTime);
        var bad3 = QueryValues.Time(to, "to", out var toTime);
        var bad4 = Paging.Check(page, pageSize, out var number, out var size);
        if ((bad0 ?? bad1 ?? bad2 ?? bad3 ?? bad4) is { } bad) return bad;
        IQueryable<CommunicationEntry> query = session.Query<CommunicationEntry>();
        if (patient is { } p) query = query.Where(x => x.PatientId == p);
        if (lead is { } l) query = query.Where(x => x.LeadId == l);
        if (Filter(ref query, channel, direction) is { } badFilter) return badFilter;
        if (fromTime is { } f && toTime is { } t && t <= f) return Problems.BadRequest("to must be after from.");
        if (fromTime is { } f2) query = query.Where(x => x.OccurredAt >= f2);
        if (toTime is { } t2) query = query.Where(x => x.OccurredAt < t2);
        return Results.Ok(await Paging.PageAsync(query.OrderByDescending(x => x.OccurredAt).ThenByDescending(x => x.Id), number, size, ct));
    }

    // Channel and direction filters; a 400 problem for an unknown value.
    private static IResult? Filter(ref IQueryable<CommunicationEntry> query, string? channel, string? direction)
    {
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
        return null;
    }
}
