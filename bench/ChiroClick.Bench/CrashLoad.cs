using System.Net.Http.Json;
using System.Text.Json;

namespace ChiroClick.Bench;

/// <summary>
/// Write load for the crash test: clients capture leads and move them, and append every acknowledged
/// (2xx) write as "leadId version" to a log file, flushed per line, until the time is up. Connection
/// errors (the API being killed) are counted and retried.
/// </summary>
public static class CrashLoad
{
    public static async Task<int> RunAsync(string baseUrl, string key, int seconds, string logPath)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(5) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        await using var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var gate = new SemaphoreSlim(1, 1);
        var until = DateTime.UtcNow.AddSeconds(seconds);
        int acknowledged = 0, failures = 0;

        async Task Record(Guid id, int version)
        {
            await gate.WaitAsync();
            try { await log.WriteLineAsync($"{id} {version}"); } finally { gate.Release(); }
            Interlocked.Increment(ref acknowledged);
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(async c =>
        {
            Guid? lead = null;
            var version = 0;
            var stage = "contacted";
            while (DateTime.UtcNow < until)
            {
                try
                {
                    if (lead is null)
                    {
                        using var created = await http.PostAsJsonAsync("/api/v1/crm/leads", new { fullName = $"Crash {c}", phone = "+4799887766", source = "phone" });
                        if (!created.IsSuccessStatusCode) { Interlocked.Increment(ref failures); continue; }
                        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
                        lead = body.GetProperty("id").GetGuid();
                        version = 2;
                        await Record(lead.Value, version);
                        continue;
                    }
                    using var moved = await http.PutAsJsonAsync($"/api/v1/crm/leads/{lead}", new { expectedVersion = version, stage });
                    if (!moved.IsSuccessStatusCode) { Interlocked.Increment(ref failures); lead = null; continue; }
                    version = (await moved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();
                    await Record(lead.Value, version);
                    stage = stage == "contacted" ? "new" : "contacted";
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // The API is down (killed); an unacknowledged write may or may not have landed.
                    Interlocked.Increment(ref failures);
                    lead = null;
                    await Task.Delay(100);
                }
            }
        }));
        Console.WriteLine(JsonSerializer.Serialize(new { benchmark = "crash_load", acknowledged, failures }));
        return 0;
    }
}
