using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace ChiroClick.Tests.RealServer;

/// <summary>
/// Walks every operation of the real API process's own <c>/openapi/v1.json</c> with hostile input — no key, a wrong
/// key, junk path and query values, malformed / <c>null</c> / 200-level / non-UTF-8 bodies, and each body property
/// with wrong-typed, empty, 70,000-character, control-character and boundary values — and asserts for every
/// answer: status below 500, problem details on every 4xx, the response read to its end (not aborted), and no
/// event appended by a refused request. The operations come from the document, so a new route is covered
/// without touching this test. The figures go to the test output and to TestResults/real-server.txt, which
/// scripts/test.sh prints.
/// </summary>
[Collection(RealServerCollection.Name)]
public sealed class HostileInputTests(RealServerFixture server, ITestOutputHelper output)
{
    private static readonly string LongText = new('x', 70_000);
    private const string Placeholder = "__hostile_value__";

    /// <summary>Well-formed values for query parameters that an operation needs to answer 200.</summary>
    private static readonly Dictionary<string, string> WellFormedQuery = new() { ["kind"] = "sft", ["q"] = "ryggsmerter" };

    /// <summary>Values every body property is tried with (as JSON), whatever its declared type.</summary>
    private static readonly string[] PropertyValues =
    [
        "42", "-1", "0", "2147483648", "-9223372036854775809", "1e308", "1.5", "true", "{}", "[]", "null",
        "\"\"", "\"   \"", $"\"{LongText}\"", "\"a\\u0000b\"", "\"\\u0001\\u001f\"", "\"\\ud800\"", "\"line\\nbreak\\ttab\"",
        "\"00000000-0000-0000-0000-000000000000\"", "\"not-a-uuid\"", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"",
        "\"2025-02-30\"", "\"' OR 1=1 --\"", "\"<script>alert(1)</script>\"", "\"\\u202e\u00e6\u00f8\u00e5\ud83d\ude00\"",
        "[\"x\",42,null,{}]", "{\"nested\":{\"deeper\":[1,2,3]}}",
    ];

    /// <summary>Whole bodies tried on every operation that takes one.</summary>
    private static readonly (string Name, byte[] Bytes, string ContentType)[] RawBodies =
    [
        ("empty", [], "application/json"),
        ("null", "null"u8.ToArray(), "application/json"),
        ("array", "[]"u8.ToArray(), "application/json"),
        ("string", "\"text\""u8.ToArray(), "application/json"),
        ("number", "42"u8.ToArray(), "application/json"),
        ("truncated", "{\"a\":"u8.ToArray(), "application/json"),
        ("not json", "hello"u8.ToArray(), "application/json"),
        ("nested 200", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200)), "application/json"),
        ("nested arrays 200", Encoding.UTF8.GetBytes(new string('[', 200) + new string(']', 200)), "application/json"),
        ("not UTF-8", [(byte)'{', (byte)'"', (byte)'n', (byte)'"', (byte)':', (byte)'"', 0xFF, 0xFE, 0xC0, 0xAF, (byte)'"', (byte)'}'], "application/json"),
        ("UTF-16", Encoding.Unicode.GetBytes("{\"name\":\"x\"}"), "application/json"),
        ("empty object", "{}"u8.ToArray(), "application/json"),
        ("duplicate keys", "{\"a\":1,\"a\":2}"u8.ToArray(), "application/json"),
        ("text/plain", "{}"u8.ToArray(), "text/plain"),
        ("form", "a=1&b=2"u8.ToArray(), "application/x-www-form-urlencoded"),
    ];

    private static readonly string[] PathValues =
    [
        "abc", "00000000-0000-0000-0000-000000000000", Guid.NewGuid().ToString(), "%00", "%C0%AF", "..%2F..%2Fetc",
        "1%20OR%201=1", new string('9', 1000), "%E2%80%AE", "-1",
    ];

    private static readonly string[] QueryValues =
    [
        "%00", "abc", "-1", "0", "99999999999999999999", "%27%20OR%201=1--", new string('x', 2000), "%E2%80%AE", "%FF",
        "2025-13-45T25:61:00Z", "%0A", "true", "00000000-0000-0000-0000-000000000000", "",
    ];

    [Fact]
    public async Task Every_operation_answers_hostile_input_with_a_4xx_problem_and_appends_nothing_when_refused()
    {
        var api = await ReadDocumentAsync();
        var ids = await RealServerSeed.SeedAsync(server);
        var walk = new Walk(server);

        foreach (var op in api.All)
        {
            var path = FillPath(op, ids);
            if (!op.Anonymous)
            {
                await walk.SendAsync(op, "no key", op.Method, path, null, null, key: "");
                await walk.SendAsync(op, "wrong key", op.Method, path, null, null, key: "cc_wrong_" + Guid.NewGuid().ToString("N"));
            }
            foreach (var parameter in op.PathParameters)
            foreach (var value in PathValues)
                await walk.SendAsync(op, $"path {parameter.Name}={Short(value)}", op.Method, op.Path.Replace("{" + parameter.Name + "}", value), BaseBody(api, op, ids), "application/json");
            foreach (var parameter in op.QueryParameters)
            foreach (var value in QueryValues)
                await walk.SendAsync(op, $"query {parameter.Name}={Short(value)}", op.Method, $"{path}?{parameter.Name}={value}", BaseBody(api, op, ids), "application/json");
            await walk.SendAsync(op, "junk query parameter", op.Method, $"{path}?%00=%00&zz=%ZZ", BaseBody(api, op, ids), "application/json");

            if (op.BodySchema is null) continue;
            foreach (var (name, bytes, contentType) in RawBodies)
                await walk.SendAsync(op, $"body {name}", op.Method, path, bytes, contentType);
            foreach (var property in api.Properties(op.BodySchema))
            foreach (var value in PropertyValues)
            {
                // Spliced in as text: some values (a lone surrogate escape) cannot pass through a JsonNode.
                var body = (JsonObject)api.Sample(op.BodySchema, "", ids)!;
                body[property] = Placeholder;
                var json = body.ToJsonString().Replace($"\"{Placeholder}\"", value, StringComparison.Ordinal);
                await walk.SendAsync(op, $"{property}={Short(value)}", op.Method, path, Encoding.UTF8.GetBytes(json), "application/json");
            }
        }

        var summary = $"Real-server hostile walk: {walk.Requests} requests over {api.All.Count} operations " +
                      $"({walk.Refused} refused with 4xx problem details, {walk.RefusedByKestrel} refused by Kestrel before the application, " +
                      $"{walk.Accepted} accepted); {walk.Failures.Count} failures.";
        output.WriteLine(summary);
        RealServerReport.Append(summary);
        walk.Failures.ShouldBeEmpty(string.Join("\n", walk.Failures.Take(60)) + "\n--- server output (tail) ---\n" + Tail(server.Output));
        walk.Requests.ShouldBeGreaterThanOrEqualTo(1500);
        walk.AcceptedWithEvents.ShouldBeGreaterThan(0, "events are attributed to requests by their trace id");
    }

    [Fact]
    public async Task Every_GET_answers_well_formed_input_with_a_body_read_to_the_end()
    {
        var api = await ReadDocumentAsync();
        var ids = await RealServerSeed.SeedAsync(server);
        var failures = new List<string>();
        var gets = api.All.Where(o => o.Method == "GET").ToList();
        foreach (var op in gets)
        {
            var path = FillPath(op, ids);
            var query = op.QueryParameters.Where(p => WellFormedQuery.ContainsKey(p.Name)).Select(p => $"{p.Name}={WellFormedQuery[p.Name]}").ToList();
            if (query.Count > 0) path += "?" + string.Join("&", query);
            using var response = await server.Client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
            byte[] body;
            try { body = await response.Content.ReadAsByteArrayAsync(); }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                failures.Add($"{op}: response aborted ({e.GetType().Name})");
                continue;
            }
            // A path id nothing was seeded for (a workflow run, a signed public token) may be 404 / 400, as a problem.
            var expectedMissing = op.PathParameters.Any(p => !ids.ContainsKey(SeedKey(op.Path, p.Name)));
            var refusedAsExpected = expectedMissing && response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest &&
                                    response.Content.Headers.ContentType?.MediaType == "application/problem+json";
            if (!response.IsSuccessStatusCode && !refusedAsExpected)
                failures.Add($"{op} {path}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)[..Math.Min(300, body.Length)]}");
        }
        var summary = $"Real-server GET walk: {gets.Count} GET operations read to the end; {failures.Count} failures.";
        output.WriteLine(summary);
        RealServerReport.Append(summary);
        failures.ShouldBeEmpty(string.Join("\n", failures) + "\n--- server output (tail) ---\n" + Tail(server.Output));
    }

    private async Task<OpenApiOperations> ReadDocumentAsync()
    {
        var json = await server.Anonymous.GetStringAsync("/openapi/v1.json");
        var api = new OpenApiOperations(JsonNode.Parse(json)!);
        api.All.Count.ShouldBeGreaterThan(50);
        return api;
    }

    private static byte[]? BaseBody(OpenApiOperations api, ApiOperation op, IReadOnlyDictionary<string, Guid> ids) =>
        op.BodySchema is null ? null : Encoding.UTF8.GetBytes(api.Sample(op.BodySchema, "", ids)!.ToJsonString());

    /// <summary>The path with each parameter replaced by a seeded id of the resource it names (or a random UUID).</summary>
    private static string FillPath(ApiOperation op, IReadOnlyDictionary<string, Guid> ids)
    {
        var path = op.Path;
        foreach (var p in op.PathParameters)
            path = path.Replace("{" + p.Name + "}", ids.TryGetValue(SeedKey(op.Path, p.Name), out var id) ? id.ToString() : Guid.NewGuid().ToString());
        return path;
    }

    /// <summary>"/api/v1/crm/leads/{id}" → "leads"; the segment before the parameter names the resource.</summary>
    internal static string SeedKey(string template, string parameter)
    {
        // A signed public token is never a seeded id (the survey id under /public/surveys/{token} is not a token).
        if (parameter == "token") return parameter;
        var segments = template.Split('/');
        var at = Array.IndexOf(segments, "{" + parameter + "}");
        return at > 0 ? segments[at - 1] : parameter;
    }

    private static string Short(string value) => value.Length > 40 ? $"{value[..20]}…({value.Length} chars)" : value;
    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;

    /// <summary>Sends requests and checks each answer.</summary>
    private sealed class Walk(RealServerFixture server)
    {
        public int Requests { get; private set; }
        public int Refused { get; private set; }
        public int Accepted { get; private set; }
        public int RefusedByKestrel { get; private set; }
        /// <summary>Accepted requests whose events were found by their trace id: proves the attribution works.</summary>
        public int AcceptedWithEvents { get; private set; }
        public List<string> Failures { get; } = [];

        public async Task SendAsync(ApiOperation op, string what, string method, string path, byte[]? body, string? contentType, string? key = null)
        {
            Requests++;
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            request.Headers.TryAddWithoutValidation("X-Api-Key", key ?? server.ApiKey);
            if (key == "") request.Headers.Remove("X-Api-Key");
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                if (contentType is not null) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }

            // Events carry the request's W3C trace id as correlation id: a fresh one per request attributes every
            // append (also by handlers it cascades to) to exactly this request, whatever else runs in the background.
            var traceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
            request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{System.Diagnostics.ActivitySpanId.CreateRandom().ToHexString()}-01");
            HttpResponseMessage response;
            byte[] answer;
            try
            {
                response = await server.Anonymous.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                answer = await response.Content.ReadAsByteArrayAsync();
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
            {
                Failures.Add($"{op} [{what}]: aborted ({e.GetType().Name}: {e.Message})");
                return;
            }
            using (response)
            {
                var status = (int)response.StatusCode;
                if (status >= 500)
                {
                    Failures.Add($"{op} [{what}]: {status} {Encoding.UTF8.GetString(answer)[..Math.Min(300, answer.Length)]}");
                    return;
                }
                if (status < 400)
                {
                    Accepted++;
                    if (await server.EventCountAsync(traceId) > 0) AcceptedWithEvents++;
                    return;
                }
                Refused++;
                if (status == 400 && answer.Length == 0 && path.Contains("%00", StringComparison.Ordinal))
                {
                    // Kestrel itself refuses a NUL in the request target before any application code runs; it
                    // writes no body. Counted, not failed: no middleware can answer it.
                    RefusedByKestrel++;
                    return;
                }
                if (response.Content.Headers.ContentType?.MediaType != "application/problem+json" || !IsProblem(answer))
                    Failures.Add($"{op} [{what}]: {status} without problem details ({response.Content.Headers.ContentType?.MediaType ?? "no content type"})");
                var appended = await server.EventCountAsync(traceId);
                if (appended > 0)
                    Failures.Add($"{op} [{what}]: refused with {status} but {appended} event(s) were appended");
            }
        }

        private static bool IsProblem(byte[] body)
        {
            try
            {
                using var doc = JsonDocument.Parse(body);
                return doc.RootElement.ValueKind == JsonValueKind.Object &&
                       (doc.RootElement.TryGetProperty("title", out _) || doc.RootElement.TryGetProperty("status", out _));
            }
            catch (JsonException) { return false; }
        }
    }
}
