using System.Text.Json;
using JasperFx.Events;

namespace ChiroClick.Api.Audit;

/// <summary>
/// One stored event as an auditor sees it: global sequence, version within its stream, event type
/// (snake_case alias), time it was appended (UTC), user and correlation/causation ids from the event's
/// metadata, and the event data as stored.
/// </summary>
public sealed record EventRecord(
    long Sequence,
    Guid StreamId,
    long Version,
    string Type,
    DateTimeOffset Timestamp,
    string? UserName,
    string? CorrelationId,
    string? CausationId,
    JsonElement Data)
{
    /// <summary>Maps a Marten event, serialising its data with the API's JSON convention.</summary>
    public static EventRecord From(IEvent e, JsonSerializerOptions json) => new(
        e.Sequence, e.StreamId, e.Version, e.EventTypeName, e.Timestamp, e.UserName, e.CorrelationId, e.CausationId,
        JsonSerializer.SerializeToElement(e.Data, e.Data.GetType(), json));
}
