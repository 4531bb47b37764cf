using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using StandardWebhooks;

namespace ChiroClick.Bench.Telephony;

/// <summary>
/// Screen-pop push latency: two API processes (A and B, daemon mode HotCold) on one database; a screen-pop stream open on each;
/// signed <c>ringing</c> webhooks from 50 registered patients' numbers (spelled differently from the record) sent to A one at a time.
/// Latency = the <c>call</c> event's arrival on a stream minus the moment the webhook's answer arrived (negative = the push came
/// first; counted as 0). Baseline measured in the same run: the webhook's own round trip (a signed POST that appends the call).
/// Usage: ChiroClick.Bench.Telephony &lt;path to ChiroClick.Api.dll&gt; [calls=300] [warmup=30]. Needs ConnectionStrings__Marten
/// (an empty database).
/// </summary>
public static class Bench
{
    private static readonly ConcurrentDictionary<(string Stream, string CallId), long> Arrivals = new();

    public static async Task<int> Main(string[] args)
    {
        if (args.Length < 1 || !File.Exists(args[0]) || Environment.GetEnvironmentVariable("ConnectionStrings__Marten") is not { Length: > 0 } db)
        {
            Console.Error.WriteLine("Usage: ConnectionStrings__Marten=... ChiroClick.Bench.Telephony <path to ChiroClick.Api.dll> [calls=300] [warmup=30]");
            return 2;
        }
        var dll = Path.GetFullPath(args[0]);
        var calls = args.Length > 1 ? int.Parse(args[1]) : 300;
        var warmup = args.Length > 2 ? int.Parse(args[2]) : 30;
        var key = "cc_bench_" + Guid.NewGuid().ToString("N");
        using var a = Api.Start(dll, db, key);
        using var b = Api.Start(dll, db, null);
        try
        {
            var clinic = await a.WaitAsync(announces: true);
            await b.WaitAsync(announces: false);
            var secret = (await Api.CliAsync(dll, db, "clinics", "webhook-secret", clinic.ToString())).Trim().Split('\n')[^1].Trim();
            var numbers = new List<string>();
            for (var i = 0; i < 50; i++)
            {
                var digits = $"9{Random.Shared.Next(1_000_000, 9_999_999)}";
                using var created = await a.Http.SendAsync(Keyed(HttpMethod.Post, "/api/v1/patients", key,
                    JsonContent.Create(new { fullName = $"Pasient {i}", phone = $"+47{digits}" })));
                created.EnsureSuccessStatusCode();
                numbers.Add($"0047 {digits[..2]} {digits[2..4]} {digits[4..]}");
            }
            using var stop = new CancellationTokenSource();
            var readers = new[] { Read(a, "A", key, stop.Token), Read(b, "B", key, stop.Token) };
            await Task.Delay(1_000);

            var roundTrips = new List<double>();
            var latencies = new Dictionary<string, List<double>> { ["A"] = [], ["B"] = [] };
            var early = new Dictionary<string, int> { ["A"] = 0, ["B"] = 0 };
            for (var i = 0; i < warmup + calls; i++)
            {
                var callId = $"bench-{i}-{Guid.NewGuid():N}";
                var sent = Stopwatch.GetTimestamp();
                using (var answer = await a.Http.SendAsync(Signed(clinic, secret, new
                {
                    callId, @event = "ringing", from = numbers[i % numbers.Count], to = "+4722000000", direction = "inbound", at = DateTimeOffset.UtcNow,
                })))
                    answer.EnsureSuccessStatusCode();
                var answered = Stopwatch.GetTimestamp();
                foreach (var stream in new[] { "A", "B" })
                {
                    var arrived = await ArrivalAsync(stream, callId);
                    if (i < warmup) continue;
                    var ms = Stopwatch.GetElapsedTime(answered, arrived).TotalMilliseconds * (arrived >= answered ? 1 : -1);
                    if (ms < 0) early[stream]++;
                    latencies[stream].Add(Math.Max(0, ms));
                }
                if (i >= warmup) roundTrips.Add(Stopwatch.GetElapsedTime(sent, answered).TotalMilliseconds);
            }
            await stop.CancelAsync();

            Console.WriteLine($"### Screen-pop push latency ({calls} calls, {warmup} warm-up, sequential, two API processes on one database, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC)");
            Console.WriteLine();
            Console.WriteLine("| measurement | p50 ms | p95 ms | p99 ms | max ms | p95 vs baseline | target |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");
            Console.WriteLine(Row("baseline: signed webhook round trip to A (verify, match, append, NOTIFY)", roundTrips, roundTrips, ""));
            Console.WriteLine(Row($"push to a stream on A (same process; {early["A"]} arrived before the answer)", latencies["A"], roundTrips, Target(latencies["A"])));
            Console.WriteLine(Row($"push to a stream on B (other process; {early["B"]} arrived before the answer)", latencies["B"], roundTrips, Target(latencies["B"])));
            return 0;
        }
        finally
        {
            a.Stop();
            b.Stop();
        }
    }

    private static string Target(List<double> ms) => P(ms, 95) <= 200 ? "p95 ≤ 200 ms: met" : "p95 ≤ 200 ms: NOT met";

    private static string Row(string what, List<double> ms, List<double> baseline, string target) =>
        $"| {what} | {P(ms, 50):0.0} | {P(ms, 95):0.0} | {P(ms, 99):0.0} | {ms.Max():0.0} | {P(ms, 95) / P(baseline, 95):0.00}× | {target} |";

    private static double P(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
    }

    private static async Task<long> ArrivalAsync(string stream, string callId)
    {
        var waited = Stopwatch.StartNew();
        while (!Arrivals.ContainsKey((stream, callId)))
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(10)) throw new TimeoutException($"No push of {callId} on {stream}");
            await Task.Delay(1);
        }
        return Arrivals[(stream, callId)];
    }

    // Reads a screen-pop stream and notes when each call's "call" event arrived.
    private static async Task Read(Api api, string name, string key, CancellationToken ct)
    {
        var request = Keyed(HttpMethod.Get, "/api/v1/telephony/screen-pop", key, null);
        request.Headers.Add("Accept", "text/event-stream");
        using var response = await api.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        var isCall = false;
        try
        {
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                if (line.StartsWith("event: ")) isCall = line == "event: call";
                else if (isCall && line.StartsWith("data: "))
                {
                    var at = Stopwatch.GetTimestamp();
                    var callId = JsonDocument.Parse(line[6..]).RootElement.GetProperty("callId").GetString()!;
                    Arrivals.TryAdd((name, callId), at);
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    private static HttpRequestMessage Keyed(HttpMethod method, string path, string key, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("X-Api-Key", key);
        return request;
    }

    private static HttpRequestMessage Signed(Guid clinic, string secret, object body)
    {
        var json = JsonSerializer.Serialize(body, JsonSerializerOptions.Web);
        var id = "msg_" + Guid.NewGuid().ToString("N");
        var at = DateTimeOffset.UtcNow;
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/webhooks/{clinic}/telephony")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", at.ToUnixTimeSeconds().ToString());
        request.Headers.Add("webhook-signature", new StandardWebhook(secret).Sign(id, at, json));
        return request;
    }

    /// <summary>One API process (Release build, Production, HotCold daemon, warnings only in the log).</summary>
    private sealed class Api : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private Api(Process process, string url)
        {
            _process = process;
            Http = new HttpClient { BaseAddress = new Uri(url), Timeout = Timeout.InfiniteTimeSpan };
        }

        public HttpClient Http { get; }

        public static Api Start(string dll, string db, string? key)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
            listener.Stop();
            var psi = Psi(dll, db, ["--urls", url]);
            if (key is not null) psi.Environment["Auth__DevelopmentApiKey"] = key;
            var api = new Api(new Process { StartInfo = psi }, url);
            api._process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (api._output) api._output.AppendLine(e.Data); };
            api._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (api._output) api._output.AppendLine(e.Data); };
            api._process.Start();
            api._process.BeginOutputReadLine();
            api._process.BeginErrorReadLine();
            return api;
        }

        public async Task<Guid> WaitAsync(bool announces)
        {
            for (var i = 0; i < 600; i++)
            {
                if (_process.HasExited) throw new InvalidOperationException($"API exited: {Output}");
                var match = Regex.Match(Output, @"Clinic id:\s+([0-9a-f-]{36})");
                if (match.Success || !announces)
                {
                    try
                    {
                        using var health = await Http.GetAsync("/health");
                        if (health.IsSuccessStatusCode) return match.Success ? Guid.Parse(match.Groups[1].Value) : Guid.Empty;
                    }
                    catch (HttpRequestException) { }
                }
                await Task.Delay(200);
            }
            throw new TimeoutException($"API did not start: {Output}");
        }

        private string Output { get { lock (_output) return _output.ToString(); } }

        public static async Task<string> CliAsync(string dll, string db, params string[] args)
        {
            using var process = Process.Start(Psi(dll, db, args))!;
            var stdout = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return process.ExitCode == 0 ? stdout : throw new InvalidOperationException($"{string.Join(' ', args)}: exit {process.ExitCode}");
        }

        private static ProcessStartInfo Psi(string dll, string db, string[] args)
        {
            var psi = new ProcessStartInfo("dotnet", [dll, .. args])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)!,
            };
            psi.Environment["ConnectionStrings__Marten"] = db;
            psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            psi.Environment["Marten__DaemonMode"] = "HotCold";
            psi.Environment["Logging__LogLevel__Default"] = "Warning";
            psi.Environment["RateLimiting__PermitsPerMinute"] = "1000000";
            return psi;
        }

        public void Stop()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        public void Dispose()
        {
            Http.Dispose();
            _process.Dispose();
        }
    }
}
