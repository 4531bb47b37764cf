using System.Text.Json;
using ChiroClick.AiGateway;

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

    /// <summary>
    /// Runs one streamed model answer: <paramref name="stream"/> sends <c>chunk</c> events while the model writes and <c>done</c>
    /// once its result is stored. An <see cref="AiGatewayException"/> before the first event is answered as problem details
    /// (502/503/504); after it, as an <c>error</c> event carrying problem details (the status line is already sent).
    /// </summary>
    public static async Task RunAsync(HttpContext http, JsonSerializerOptions json, Func<ServerSentEvents, Task> stream, CancellationToken ct)
    {
        var sse = new ServerSentEvents(http.Response, json);
        try
        {
            await stream(sse);
        }
        catch (AiGatewayException ex) when (!sse.Started)
        {
            await SuggestionSupport.Problem(ex).ExecuteAsync(http);
        }
        catch (AiGatewayException ex)
        {
            await sse.SendAsync("error", new ProblemDetails { Status = ex.Status, Title = ex.Title, Detail = ex.Message }, ct);
        }
    }

    /// <summary>Sends one <c>chunk</c> event <c>{"content":"..."}</c>: the callback the gateway streams pieces of text to.</summary>
    public Task ChunkAsync(string piece, CancellationToken ct) => SendAsync("chunk", new { content = piece }, ct);
}
