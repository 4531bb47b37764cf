using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace ChiroClick.Bench;

/// <summary>
/// Write-path load (issue 15, item 5): <c>clients</c> loops, each sending its next request as soon as the previous one
/// answered, for <c>seconds</c>; prints one JSON line (requests/s, p50, p99, errors).
/// <list type="bullet">
/// <item><c>capture</c>: POST a new lead (the same body to ChiroClick's <c>/api/v1/crm/leads</c> and to the bare app's
/// <c>/leads</c>), so every request starts a stream of 2 events and writes 2 inline documents.</item>
/// <item><c>inserts</c>: raw single-row INSERTs (Npgsql, one connection per client, autocommit) into a table shaped like
/// <c>mt_events</c> (same columns and unique indexes): the database's own floor for one durable write.</item>
/// </list>
/// </summary>
public static class WritePath
{
    public static async Task<int> CaptureAsync(string name, string url, string key, int clients, int seconds)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 });
        if (key != "-") http.DefaultRequestHeaders.Add("X-Api-Key", key);
        var errors = 0;
        var result = await LoopAsync(clients, seconds, async (c, i) =>
        {
            using var response = await http.PostAsJsonAsync(url, new
            {
                fullName = $"Bench Lead {c}-{i}", phone = "+4799887766", email = $"bench{c}.{i}@example.invalid", source = "website",
                complaint = "Vondt i korsryggen",
            });
            if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
            return response.IsSuccessStatusCode;
        });
        Print(name, clients, result, errors);
        return 0;
    }

    public static async Task<int> InsertsAsync(string connectionString, int clients, int seconds)
    {
        await using (var setup = new NpgsqlConnection(connectionString))
        {
            await setup.OpenAsync();
            await using var cmd = new NpgsqlCommand("""
                create schema if not exists bench;
                create sequence if not exists bench.seq;
                create table if not exists bench.events (
                  seq_id bigint primary key, id uuid not null, stream_id uuid, version bigint not null, data jsonb not null,
                  type varchar(500) not null, "timestamp" timestamptz not null default now(), tenant_id varchar default '*DEFAULT*',
                  mt_dotnet_type varchar, correlation_id varchar, causation_id varchar, headers jsonb, user_name varchar,
                  is_archived boolean default false, unique (tenant_id, stream_id, version));
                """, setup);
            await cmd.ExecuteNonQueryAsync();
        }
        var connections = new NpgsqlConnection[clients];
        for (var c = 0; c < clients; c++)
        {
            connections[c] = new NpgsqlConnection(connectionString);
            await connections[c].OpenAsync();
        }
        const string sql = """
            insert into bench.events (seq_id, id, stream_id, version, data, type, tenant_id, mt_dotnet_type, correlation_id, user_name)
            values (nextval('bench.seq'), @id, @stream, 1, @data::jsonb, 'lead_captured', 't1', 'ChiroClick.Domain.Leads.LeadCaptured, ChiroClick.Domain', 'bench', 'bench')
            """;
        var result = await LoopAsync(clients, seconds, async (c, _) =>
        {
            await using var cmd = new NpgsqlCommand(sql, connections[c]);
            cmd.Parameters.AddWithValue("id", Guid.CreateVersion7());
            cmd.Parameters.AddWithValue("stream", Guid.CreateVersion7());
            cmd.Parameters.AddWithValue("data", """{"leadId":"0195a1b2-0000-7000-8000-000000000000","fullName":"Bench Lead","source":"website"}""");
            await cmd.ExecuteNonQueryAsync();
            return true;
        });
        foreach (var connection in connections) await connection.DisposeAsync();
        Print("raw_insert", clients, result, 0);
        return 0;
    }

    private static async Task<(double[] Sorted, double Seconds)> LoopAsync(int clients, int seconds, Func<int, int, Task<bool>> request)
    {
        var latencies = new List<double>[clients];
        var deadline = TimeSpan.FromSeconds(seconds);
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            var mine = latencies[c] = new List<double>(100_000);
            for (var i = 0; stop.Elapsed < deadline; i++)
            {
                var started = Stopwatch.GetTimestamp();
                if (await request(c, i)) mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        return (latencies.SelectMany(l => l).Order().ToArray(), stop.Elapsed.TotalSeconds);
    }

    private static void Print(string name, int clients, (double[] Sorted, double Seconds) r, int errors) =>
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            benchmark = name,
            clients,
            requests = r.Sorted.Length,
            errors,
            seconds = Math.Round(r.Seconds, 2),
            perSecond = Math.Round(r.Sorted.Length / r.Seconds, 1),
            p50Ms = HttpStageChanges.Percentile(r.Sorted, 0.50),
            p99Ms = HttpStageChanges.Percentile(r.Sorted, 0.99),
        }));
}
