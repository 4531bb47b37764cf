using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Alba;
using ChiroClick.Api.Patients;
using ChiroClick.Tests.Infrastructure;
using ChiroClick.Tests.Webhooks;

namespace ChiroClick.Tests.Telephony;

/// <summary>One server-sent event (or comment) as a client reads it.</summary>
/// <param name="Id">The <c>id:</c> field, or null.</param>
/// <param name="Event">The <c>event:</c> name, or "comment" for a comment line.</param>
/// <param name="Data">The <c>data:</c> text, or the comment's text.</param>
public sealed record SseEvent(string? Id, string Event, string Data)
{
    public JsonNode Json => JsonNode.Parse(Data)!;
}

/// <summary>
/// A screen-pop client: opens <c>GET /api/v1/telephony/screen-pop</c> with <c>Accept: text/event-stream</c> on an HTTP client and reads
/// the events into a channel in the background, as a browser's EventSource would.
/// </summary>
public sealed class ScreenPopClient : IAsyncDisposable
{
    private readonly HttpClient _client;
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<SseEvent> _events = Channel.CreateUnbounded<SseEvent>();
    private readonly Task _reading;

    private readonly bool _ownsClient;

    private ScreenPopClient(HttpClient client, HttpResponseMessage response, bool ownsClient)
    {
        _client = client;
        _ownsClient = ownsClient;
        _response = response;
        _reading = ReadAsync();
    }

    public HttpStatusCode Status => _response.StatusCode;
    public string? ContentType => _response.Content.Headers.ContentType?.MediaType;

    /// <summary>Opens the stream with <paramref name="key"/> (and <paramref name="lastEventId"/>) and waits for its headers.</summary>
    public static async Task<ScreenPopClient> OpenAsync(HttpClient client, string key, string? lastEventId = null, bool ownsClient = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/telephony/screen-pop");
        request.Headers.Add("X-Api-Key", key);
        request.Headers.Add("Accept", "text/event-stream");
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new ScreenPopClient(client, response, ownsClient);
    }

    public static Task<ScreenPopClient> OpenAsync(IAlbaHost host, TestClinic clinic, string? lastEventId = null) =>
        OpenAsync(host.Server.CreateClient(), clinic.Key, lastEventId, ownsClient: true);

    /// <summary>The next event (comments included when <paramref name="comments"/>) matching <paramref name="match"/>; others are skipped.</summary>
    public async Task<SseEvent> NextAsync(Func<SseEvent, bool>? match = null, int seconds = 20, bool comments = false)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            while (true)
            {
                var e = await _events.Reader.ReadAsync(timeout.Token);
                if (e.Event == "comment" && !comments) continue;
                if (match is null || match(e)) return e;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No matching screen-pop event within {seconds} s.");
        }
    }

    /// <summary>The events (not comments) received within <paramref name="wait"/>.</summary>
    public async Task<List<SseEvent>> DrainAsync(TimeSpan wait)
    {
        await Task.Delay(wait);
        var list = new List<SseEvent>();
        while (_events.Reader.TryRead(out var e)) if (e.Event != "comment") list.Add(e);
        return list;
    }

    private async Task ReadAsync()
    {
        try
        {
            await using var stream = await _response.Content.ReadAsStreamAsync(_stop.Token);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            string? id = null, name = null;
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.StartsWith(':')) { await _events.Writer.WriteAsync(new SseEvent(null, "comment", line[1..].Trim())); continue; }
                if (line.Length == 0)
                {
                    if (name is not null || data.Length > 0) await _events.Writer.WriteAsync(new SseEvent(id, name ?? "message", data.ToString()));
                    id = name = null;
                    data.Clear();
                    continue;
                }
                var (field, value) = line.IndexOf(':') is var i and >= 0 ? (line[..i], line[(i + 1)..].TrimStart()) : (line, "");
                switch (field)
                {
                    case "id": id = value; break;
                    case "event": name = value; break;
                    case "data": data.Append(value); break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException or ObjectDisposedException) { }
        finally { _events.Writer.TryComplete(); }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        try { await _reading; } catch { /* closed */ }
        if (_ownsClient) _client.Dispose();
    }
}

/// <summary>Scenario steps of the telephony tests.</summary>
public static class TelephonyScenarios
{
    private static readonly Random Numbers = new();

    /// <summary>A unique Norwegian mobile number: E.164 and two other spellings of it.</summary>
    public static (string E164, string Spaced, string Zeros) NewNumber()
    {
        int n;
        lock (Numbers) n = Numbers.Next(1_000_000, 9_999_999);
        var digits = $"9{n}";
        return ($"+47{digits}", $"+47 {digits[..2]} {digits[2..4]} {digits[4..6]} {digits[6..]}", $"0047 {digits}");
    }

    /// <summary>A phone-system event body.</summary>
    public static object Body(string callId, string @event, string from, string to = "+4722000000", string direction = "inbound",
        DateTimeOffset? at = null, int? durationSeconds = null, string? transcript = null) =>
        new { callId, @event, from, to, direction, at = at ?? DateTimeOffset.UtcNow, durationSeconds, transcript };

    /// <summary>Posts an event with a key (admin, or an integration key); returns the JSON answer.</summary>
    public static async Task<JsonNode> CallEvent(this IAlbaHost host, string key, object body, int status = 200)
    {
        var result = await host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", key);
            s.Post.Json(body).ToUrl("/api/v1/telephony/events");
            s.StatusCodeShouldBe(status);
        });
        return JsonNode.Parse(await result.ReadAsTextAsync())!;
    }

    /// <summary>Posts a signed event to <c>/api/v1/webhooks/{clinicId}/telephony</c>.</summary>
    public static async Task<JsonNode> SignedCallEvent(this IAlbaHost host, TestClinic clinic, object body, string? webhookId = null)
    {
        var secret = await host.WebhookSecret(clinic.Id);
        var (status, text, _) = await host.SignedWebhook(clinic.Id, "telephony", body, secret, webhookId);
        status.ShouldBe(HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }

    /// <summary>Registers a patient with <paramref name="phone"/>.</summary>
    public static async Task<Guid> Patient(this IAlbaHost host, TestClinic clinic, string fullName, string phone)
    {
        var result = await host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", clinic.Key);
            s.Post.Json(new { fullName, phone }).ToUrl("/api/v1/patients");
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<PatientCreated>())!.Id;
    }

    /// <summary>Captures a lead with <paramref name="phone"/>.</summary>
    public static async Task<Guid> Lead(this IAlbaHost host, TestClinic clinic, string fullName, string phone)
    {
        var result = await host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", clinic.Key);
            s.Post.Json(new { fullName, phone, source = "website" }).ToUrl("/api/v1/crm/leads");
            s.StatusCodeShouldBe(201);
        });
        return Guid.Parse(JsonNode.Parse(await result.ReadAsTextAsync())!["id"]!.GetValue<string>());
    }

    /// <summary>A GET as JSON.</summary>
    public static async Task<JsonNode> GetJson(this IAlbaHost host, TestClinic clinic, string url, int status = 200)
    {
        var result = await host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", clinic.Key);
            s.Get.Url(url);
            s.StatusCodeShouldBe(status);
        });
        return JsonNode.Parse(await result.ReadAsTextAsync())!;
    }

    /// <summary>The clinic's staff tasks (all statuses) as JSON objects.</summary>
    public static async Task<List<JsonNode>> Tasks(this IAlbaHost host, TestClinic clinic) =>
        (await host.GetJson(clinic, "/api/v1/crm/tasks?status=all&pageSize=200"))["items"]!.AsArray().Select(t => t!).ToList();
}
