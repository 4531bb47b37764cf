using System.Text.Json;
using ChiroClick.Api.Audit;
using Npgsql;

namespace ChiroClick.Api.Telephony;

/// <summary>
/// <c>GET /api/v1/telephony/screen-pop</c>: the caller-ID screen pop of the key's clinic. With <c>Accept: text/event-stream</c> (what
/// a browser's EventSource sends) a server-sent event stream: <c>call</c> when a call rings (<see cref="ScreenPopCall"/>: the number
/// and every patient and lead with it, patients first, or <c>unknown</c>), then <c>answered</c>, <c>ended</c>, <c>missed</c> and
/// <c>voicemail</c> (<see cref="ScreenPopUpdate"/>); each event's <c>id</c> is its event-store sequence, so a client reconnecting with
/// <c>Last-Event-ID</c> first gets what it missed in the last <c>Telephony:ScreenPopReplayMinutes</c> (5); a comment line every
/// <c>Telephony:ScreenPopHeartbeatSeconds</c> (15) keeps proxies from closing it. Without that header: the recent pushes as JSON.
/// Every pushed <c>call</c> is one access-log record with its patients and leads.
/// </summary>
public static class ScreenPopEndpoint
{
    /// <summary>Route of the screen pop (access-logged per pushed call, not per request).</summary>
    public const string Route = "/api/v1/telephony/screen-pop";

    /// <summary>Streams (or lists) the clinic's screen pops.</summary>
    [WolverineGet(Route, OperationId = "streamScreenPop", Summary = "Stream caller-ID screen pops of the clinic (server-sent events)")]
    [Produces("application/json", "text/event-stream")]
    [ProducesResponseType<ScreenPopRecent>(200)]
    public static async Task<IResult> Get(HttpContext http, IQuerySession session, CallFeed feed, RecordAccessLog log, IOptions<TelephonyOptions> options,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        if (!ScreenPopStream.Wanted(http.Request)) return Results.Ok(new ScreenPopRecent(await feed.RecentAsync(session.TenantId, ct)));
        // Open streams end when the API stops, so a shutdown does not wait for the browsers (they reconnect with Last-Event-ID).
        using var open = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
        using var subscription = await feed.SubscribeAsync(session.TenantId, ScreenPopStream.LastEventId(http.Request), open.Token);
        var heartbeat = TimeSpan.FromSeconds(options.Value.ScreenPopHeartbeatSeconds);
        await new ScreenPopStream(http, log, json.Value.SerializerOptions, heartbeat).RunAsync(subscription, open.Token);
        return Results.Empty;
    }
}

/// <summary>Writes one screen-pop stream: replay, pushes and heartbeats, each push once, each <c>call</c> logged before it is sent.</summary>
public sealed class ScreenPopStream(HttpContext http, RecordAccessLog log, JsonSerializerOptions json, TimeSpan heartbeat)
{
    private readonly HashSet<long> _sent = [];

    /// <summary>Whether the client asked for server-sent events.</summary>
    public static bool Wanted(HttpRequest request) =>
        request.Headers.Accept.Any(a => a?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>The <c>Last-Event-ID</c> header as a sequence; null when absent or not a number (then nothing is replayed).</summary>
    public static long? LastEventId(HttpRequest request) =>
        long.TryParse(request.Headers["Last-Event-ID"].ToString().Trim(), System.Globalization.NumberStyles.None, null, out var id) ? id : null;

    /// <summary>Runs until the client goes away or a push cannot be access-logged.</summary>
    public async Task RunAsync(ScreenPopSubscription subscription, CancellationToken ct)
    {
        http.Response.StatusCode = 200;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        try
        {
            await WriteAsync(": screen pop\nretry: 3000\n\n", ct);
            foreach (var push in subscription.Replay) if (!await SendAsync(push, ct)) return;
            while (!ct.IsCancellationRequested)
            {
                using var beat = CancellationTokenSource.CreateLinkedTokenSource(ct);
                beat.CancelAfter(heartbeat);
                try
                {
                    if (!await subscription.Pushes.WaitToReadAsync(beat.Token)) return;
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await WriteAsync(": heartbeat\n\n", ct);
                    continue;
                }
                while (subscription.Pushes.TryRead(out var push)) if (!await SendAsync(push, ct)) return;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException) { /* the client went away */ }
    }

    private async Task<bool> SendAsync(ScreenPopPush push, CancellationToken ct)
    {
        if (!_sent.Add(push.Sequence)) return true;
        if (push is { Personal: true, Data: ScreenPopCall call })
        {
            try
            {
                await log.AppendAsync(http, ScreenPopEndpoint.Route, 200, new AccessedRecords(call.PatientIds, call.LeadIds, 1), ct);
            }
            catch (NpgsqlException)
            {
                // No unlogged read: the stream ends; the client reconnects with Last-Event-ID and gets it once the log is back.
                await WriteAsync("event: error\ndata: {\"status\":503,\"title\":\"Access log unavailable\"}\n\n", ct);
                return false;
            }
        }
        await WriteAsync($"id: {push.Sequence}\nevent: {push.Event}\ndata: {JsonSerializer.Serialize(push.Data, json)}\n\n", ct);
        return true;
    }

    private async Task WriteAsync(string text, CancellationToken ct)
    {
        await http.Response.WriteAsync(text, ct);
        await http.Response.Body.FlushAsync(ct);
    }
}
