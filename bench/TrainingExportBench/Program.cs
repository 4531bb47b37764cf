// Benchmark of the training export (issue 5): rows per second and peak memory when exporting 10,000 and
// 100,000 feedback rows to JSON Lines. Seeds the anonymised examples with a bulk insert (the projection's
// output), then times TrainingExporter.ExportAsync, which streams from PostgreSQL to the files.
//   ConnectionStrings__Marten=... dotnet run -c Release --project bench/TrainingExportBench [-- 10000 100000]
// With "--project N" it instead appends N feedback events (N suggestion streams: generated + decision) and times
// a rebuild of the Training projection over them (anonymisation included). Use an otherwise empty database.
using System.Diagnostics;
using ChiroClick.Api.Infrastructure;
using ChiroClick.Domain.Ai;
using ChiroClick.Api.Training;
using ChiroClick.Projections.Training;
using ChiroClick.Projections.Training.Anonymisation;
using Marten;
using Microsoft.Extensions.Configuration;
using Weasel.Core;

var projectOnly = args.Length == 2 && args[0] == "--project";
var sizes = projectOnly ? [] : args.Length > 0 ? args.Select(int.Parse).ToArray() : [10_000, 100_000];
var config = new ConfigurationBuilder().AddEnvironmentVariables().Build();
var connectionString = config.GetConnectionString(MartenConfiguration.ConnectionStringName)
                       ?? throw new InvalidOperationException("Set ConnectionStrings__Marten.");
var options = new StoreOptions();
options.ConfigureChiroClickStore(connectionString);
using var store = new DocumentStore(options);
await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

// Anonymiser throughput on realistic prompt-sized texts (the projection's main CPU cost).
var names = new KnownNames(["Kari Nordmann", "Per Hansen"], ["Ola Behandlersen"]);
string Raw(int i) => $"Pasient Kari Nordmann (fnr 130558 {i % 100000:00000}, tlf 914 54 {i % 1000:000}), Kvinne, 47 år. " +
                     $"Karis smerter i L4/L5 siden 12.01.2026, VAS 7/10. Bor i Glynitveien {i % 300 + 1}, 1400 Ski. " +
                     $"S: Smerter i 3 uker. O: Fleksjon 30°, BT 120/80 mmHg. A: L03. P: Ibux 400 mg x 3, kontroll {i % 28 + 1}. januar 2026. Notat {i}.";
var sw = Stopwatch.StartNew();
const int anonymised = 5_000;
for (var i = 0; i < anonymised; i++) Anonymiser.Default.Clean(Raw(i), names);
Console.WriteLine($"anonymiser: {anonymised} texts of ~{Raw(0).Length} chars in {sw.Elapsed.TotalSeconds:F2} s = {anonymised / sw.Elapsed.TotalSeconds:F0} texts/s");

if (projectOnly)
{
    var n = int.Parse(args[1]);
    var clinic = Guid.NewGuid().ToString();
    sw.Restart();
    for (var start = 0; start < n; start += 1_000)
    {
        await using var session = store.LightweightSession(clinic);
        for (var i = start; i < Math.Min(n, start + 1_000); i++)
        {
            var id = Guid.NewGuid();
            object decision = (i % 3) switch
            {
                0 => new AiSuggestionAccepted(id, 1000),
                1 => new AiSuggestionModified(id, Raw(i + 7), FeedbackKind.MinorEdit, 0.1, 1000),
                _ => new AiSuggestionRejected(id, "feil", Raw(i + 11), 1000),
            };
            session.Events.StartStream(id, new AiSuggestionGenerated(id, AiTask.SoapNorwegian, ModelRole.Norwegian, "chiro-norwegian", "chiro-norwegian",
                false, null, null, "40–49", "Du er en norsk kiropraktor.", Raw(i), Raw(i + 3), 900, 300, 100, null), decision);
        }
        await session.SaveChangesAsync();
    }
    Console.WriteLine($"appended {n} suggestions ({2 * n} events) in {sw.Elapsed.TotalSeconds:F1} s");
    using var daemon = await store.BuildProjectionDaemonAsync();
    sw.Restart();
    await daemon.RebuildProjectionAsync(TrainingExampleProjection.Name, TimeSpan.FromMinutes(10), CancellationToken.None);
    Console.WriteLine($"rebuilt Training over {2 * n} events in {sw.Elapsed.TotalSeconds:F1} s = {n / sw.Elapsed.TotalSeconds:N0} feedback events/s " +
                      $"(peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB)");
    return;
}

Console.WriteLine("| rows | seed s | export s | rows/s | peak managed MiB during export | working set MiB after |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
foreach (var size in sizes)
{
    var clinic = Guid.NewGuid();
    sw.Restart();
    foreach (var chunk in Rows(size).Chunk(5_000))
        await store.BulkInsertDocumentsAsync(clinic.ToString(), chunk, BulkInsertMode.InsertsOnly, 5_000);
    var seed = sw.Elapsed.TotalSeconds;

    GC.Collect();
    GC.WaitForPendingFinalizers();
    var dir = Path.Combine(Path.GetTempPath(), "chiroclick-bench-" + clinic.ToString("N"));
    long peak = 0;
    using var cts = new CancellationTokenSource();
    var sampler = Task.Run(async () =>
    {
        while (!cts.IsCancellationRequested)
        {
            peak = Math.Max(peak, GC.GetTotalMemory(false));
            await Task.Delay(5);
        }
    });
    sw.Restart();
    var manifest = await TrainingExporter.ExportAsync(store, clinic, dir, all: true, TimeProvider.System);
    var export = sw.Elapsed.TotalSeconds;
    cts.Cancel();
    await sampler;
    var rows = manifest.Counts.Values.Sum();
    if (rows != size) throw new InvalidOperationException($"exported {rows} rows, expected {size}");
    Console.WriteLine($"| {size:N0} | {seed:F1} | {export:F2} | {rows / export:N0} | {peak / 1048576.0:F0} | {Process.GetCurrentProcess().WorkingSet64 / 1048576.0:F0} |");
    Directory.Delete(dir, recursive: true);
}

// Half SFT (accepted), half DPO (rejected with correction): one row per feedback event.
IEnumerable<object> Rows(int count)
{
    var sample = Anonymiser.Default.Clean(Raw(1), names);
    for (var i = 0; i < count; i++)
    {
        var meta = new TrainingMetadata
        {
            Task = ChiroClick.Domain.Common.WireName.Of(AiTask.SoapNorwegian), CorrectionType = i % 2 == 0 ? "accepted_as_is" : "rejected",
            Model = "chiro-norwegian", AgeRange = "40–49", System = i % 2 == 0 ? null : "Du er en norsk kiropraktor.",
        };
        if (i % 2 == 0)
        {
            var line = new SftLine([new ChatMessage("system", "Du er en norsk kiropraktor."), new ChatMessage("user", sample + " #" + i),
                new ChatMessage("assistant", "S: Smerter i 3 uker. A: L03. #" + i)], meta);
            yield return new SftExample { Id = Guid.NewGuid(), Sequence = i + 1, Task = meta.Task, CorrectionType = meta.CorrectionType, Line = line,
                ContentHash = TrainingJson.Hash(TrainingJson.Utf8(line)), AnonymiserVersion = Anonymiser.Version };
        }
        else
        {
            var line = new DpoLine(sample + " #" + i, "A: L86. #" + i, "A: L03. #" + i, meta);
            yield return new DpoExample { Id = Guid.NewGuid(), Sequence = i + 1, Task = meta.Task, CorrectionType = meta.CorrectionType, Line = line,
                ContentHash = TrainingJson.Hash(TrainingJson.Utf8(line)), AnonymiserVersion = Anonymiser.Version };
        }
    }
}
