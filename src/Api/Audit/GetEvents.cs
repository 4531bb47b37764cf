using JasperFx.Events;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ChiroClick.Api.Audit;

/// <summary>A page of events in sequence order and the cursor for the next page.</summary>
/// <param name="Items">Events, ascending sequence.</param>
/// <param name="NextAfter">Pass as <c>after</c> to get the next page; null on the last page.</param>
public sealed record EventPage(IReadOnlyList<EventRecord> Items, long? NextAfter);

/// <summary>
/// <c>GET /api/v1/audit/events?type=&amp;user=&amp;from=&amp;to=&amp;stream=&amp;after=&amp;limit=100</c>: the clinic's
/// events in global sequence order, filtered by event type (snake_case alias, e.g. lead_stage_changed),
/// user name, time range [from, to) (ISO-8601) and stream id. Keyset-paged by sequence: pass the
/// previous page's <c>nextAfter</c> as <c>after</c>. limit 1..500 (default 100).
/// </summary>
public static class GetEventsEndpoint
{
    /// <summary>Queries the event store.</summary>
    [WolverineGet("/api/v1/audit/events", OperationId = "listEvents", Summary = "List events of the clinic's event store")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<EventPage>(200)]
    public static async Task<IResult> Get(IQuerySession session, IOptions<JsonOptions> json, string? type, string? user,
        DateTimeOffset? from, DateTimeOffset? to, Guid? stream, long? after, int? limit, CancellationToken ct)
    {
        var take = limit ?? 100;
        if (take is < 1 or > 500) return Problems.BadRequest("limit must be between 1 and 500.");
        if (from is { } f && to is { } t && t <= f) return Problems.BadRequest("to must be after from.");

        IQueryable<IEvent> query = session.Events.QueryAllRawEvents();
        if (after is { } cursor) query = query.Where(e => e.Sequence > cursor);
        if (!string.IsNullOrWhiteSpace(type)) query = query.Where(e => e.EventTypeName == type.Trim());
        if (!string.IsNullOrWhiteSpace(user)) query = query.Where(e => e.UserName == user.Trim());
        if (from is { } start) query = query.Where(e => e.Timestamp >= start);
        if (to is { } end) query = query.Where(e => e.Timestamp < end);
        if (stream is { } id) query = query.Where(e => e.StreamId == id);

        var page = await query.OrderBy(e => e.Sequence).Take(take + 1).ToListAsync(ct);
        var items = page.Take(take).Select(e => EventRecord.From(e, json.Value.SerializerOptions)).ToList();
        return Results.Ok(new EventPage(items, page.Count > take ? items[^1].Sequence : null));
    }
}
