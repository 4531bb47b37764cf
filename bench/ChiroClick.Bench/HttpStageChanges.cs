using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace ChiroClick.Bench;

/// <summary>
/// Each client owns one lead and moves it new ↔ contacted as fast as it can for the given time, always
/// with the version it last got back (so every request is a real optimistic-concurrency write of 2
/// events: LeadStageChanged + LeadScored).
/// </summary>
public static class HttpStageChanges
{
    public static async Task<int> RunAsync(string baseUrl, string key, int clients, int seconds)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 }) { BaseAddress = new Uri(baseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);

        var leads = new List<(Guid Id, int Version)>();
        for (var i = 0; i < clients; i++)
        {
            var response = await http.PostAsJsonAsync("/api/v1/crm/leads",
                new { fullName = $"Bench Lead {i}", phone = "+4799887766", source = "website" });
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            leads.Add((body.GetProperty("id").GetGuid(), 2));
        }

        var stop = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        var latencies = new List<double>[clients];
        var errors = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            var (id, version) = leads[c];
            var mine = latencies[c] = new List<double>(100_000);
            var stage = "contacted";
            while (stop.Elapsed < deadline)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PutAsJsonAsync($"/api/v1/crm/leads/{id}", new { expectedVersion = version, stage });
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                    continue;
                }
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                version = body.GetProperty("version").GetInt32();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                stage = stage == "contacted" ? "new" : "contacted";
            }
        }));
        var elapsed = stop.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            benchmark = "http_stage_changes",
            clients,
            requests = all.Length,
            errors,
            seconds = Math.Round(elapsed, 2),
            perSecond = Math.Round(all.Length / elapsed, 1),
            p50Ms = Percentile(all, 0.50),
            p99Ms = Percentile(all, 0.99),
        }));
        return 0;
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)], 2);
}
