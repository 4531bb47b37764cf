using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ChiroClick.Api.Audit;

/// <summary>
/// <c>GET /api/v1/audit/streams/{id}</c>: every event of one stream (a lead, patient, suggestion, ...) in
/// order, with its metadata. 404 when the stream does not exist in the caller's clinic.
/// </summary>
public static class GetStreamHistoryEndpoint
{
    /// <summary>Reads the stream's events.</summary>
    [WolverineGet("/api/v1/audit/streams/{id:guid}", OperationId = "getStreamHistory", Summary = "Get a record's history, or its state as of a time or version")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<IReadOnlyList<EventRecord>>(200)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, IOptions<JsonOptions> json, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        if (events.Count == 0) return Results.Problem(statusCode: 404, title: "Not found", detail: $"No stream {id} in this clinic.");
        return Results.Ok(events.Select(e => EventRecord.From(e, json.Value.SerializerOptions)).ToList());
    }
}
