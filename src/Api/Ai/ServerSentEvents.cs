using System.Text.Json;

namespace ChiroClick.Api.Ai;

/// <summary>
/// Writes server-sent events (<c>event: name</c> + <c>data: json</c>) to a response, flushing each one. The
/// status (200), content type (<c>text/event-stream</c>) and <c>Cache-Control: no-cache</c> are set with the first
/// event, so a failure before it can still answer ordinary problem details.
/// </summary>
public sealed class ServerSentEvents(HttpResponse response, JsonSerializerOptions json)
{
    /// <summary>True once the first event was written (the response has started).</summary>
    public bool Started { get; private set; }

    /// <summary>Writes one event with <paramref name="data"/> serialised as JSON.</summary>
    public async Task SendAsync(string name, object data, CancellationToken ct)
    {
        if (!Started)
        {
            Started = true;
            response.StatusCode = 200;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
        }
        await response.WriteAsync($"event: {name}\ndata: {JsonSerializer.Serialize(data, json)}\n\n", ct);
        await response.Body.FlushAsync(ct);
    }
}
