using System.Diagnostics;
using System.Text.Json;
using ChiroClick.Api.Infrastructure;
using Marten;
using Npgsql;

namespace ChiroClick.Bench;

/// <summary>
/// Rebuilds every projection from the event store with a dedicated daemon (as `projections rebuild`
/// does) and, for comparison, reads the whole events table sequentially with Npgsql.
/// </summary>
public static class RebuildAll
{
    public static async Task<int> RunAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        long events;
        await using (var count = dataSource.CreateCommand($"select count(*) from {MartenConfiguration.Schema}.mt_events"))
            events = (long)(await count.ExecuteScalarAsync())!;

        var raw = Stopwatch.StartNew();
        long bytes = 0, rows = 0;
        await using (var read = dataSource.CreateCommand($"select seq_id, type, data::text from {MartenConfiguration.Schema}.mt_events order by seq_id"))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows++;
                bytes += reader.GetString(2).Length;
            }
        }
        raw.Stop();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            benchmark = "raw_sequential_read", events = rows, seconds = Math.Round(raw.Elapsed.TotalSeconds, 2),
            perSecond = Math.Round(rows / raw.Elapsed.TotalSeconds), megabytes = Math.Round(bytes / 1048576.0, 1),
        }));

        var options = new StoreOptions();
        options.ConfigureChiroClickStore(connectionString);
        using var store = new DocumentStore(options);
        using var daemon = await store.BuildProjectionDaemonAsync();
        var names = options.Projections.AllProjectionNames().Select(n => n.Trim('\'')).ToArray();
        foreach (var name in names)
        {
            var one = Stopwatch.StartNew();
            await daemon.RebuildProjectionAsync(name, TimeSpan.FromMinutes(30), CancellationToken.None);
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                benchmark = "rebuild", projection = name, events, seconds = Math.Round(one.Elapsed.TotalSeconds, 2),
                perSecond = Math.Round(events / one.Elapsed.TotalSeconds),
            }));
        }

        // What `projections rebuild` does for all projections: rebuild them concurrently.
        var all = Stopwatch.StartNew();
        await Task.WhenAll(names.Select(name => daemon.RebuildProjectionAsync(name, TimeSpan.FromMinutes(30), CancellationToken.None)));
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            benchmark = "rebuild_all", projections = names.Length, events, seconds = Math.Round(all.Elapsed.TotalSeconds, 2),
            perSecond = Math.Round(events / all.Elapsed.TotalSeconds),
        }));
        await daemon.StopAllAsync();
        return 0;
    }
}
