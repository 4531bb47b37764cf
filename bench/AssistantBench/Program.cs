// Retrieval evaluation of the clinical assistant on an MTS-Dialog set (CC BY 4.0, read in place from ../shared/data):
// every dialogue becomes the consultation of its own patient (PatientRegistered + ConsultationRecorded appended to one
// clinic), the Knowledge projection is rebuilt (full re-index: chunking + in-process embedding + storing), and each
// dialogue's reference note (section_text) is the query whose right answer is that dialogue's consultation.
// Prints recall@1, recall@5 and MRR (over the top 50) for lexical only, vector only and hybrid, the ratio of each to
// the lexical baseline of the same run, embedding throughput and the re-index time.
using System.Diagnostics;
using ChiroClick.AiGateway.Embeddings;
using ChiroClick.Api.Assistant;
using ChiroClick.Api.Assistant.Retrieval;
using ChiroClick.Api.Infrastructure;
using ChiroClick.Domain.Consultations;
using ChiroClick.Domain.Patients;
using ChiroClick.Projections.Assistant;
using CsvHelper;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;

var csvPath = args.Length > 0 ? args[0] : Path.Combine(Root(), "..", "shared", "data", "mts-dialog", "MTS-Dialog-TestSet-1-MEDIQA-Chat-2023.csv");
var cs = Environment.GetEnvironmentVariable("ConnectionStrings__Marten") ?? throw new InvalidOperationException("Set ConnectionStrings__Marten.");

var rows = new List<(string Note, string Dialogue)>();
using (var csv = CsvReader.FromFile(csvPath, new CsvReaderOptions { Separator = ',', HasHeader = true }))
{
    while (csv.Read()) rows.Add((csv.GetString("section_text"), csv.GetString("dialogue")));
}
Console.WriteLine($"{rows.Count} dialogues from {Path.GetFileName(csvPath)}");

var embedder = new MiniLmEmbedder(Options.Create(new EmbeddingOptions()));
using var store = DocumentStore.For(o =>
{
    o.ConfigureChiroClickStore(cs);
    o.Projections.Add(new KnowledgeChunkProjection(embedder), ProjectionLifecycle.Async, KnowledgeChunkProjection.Name, a =>
    {
        a.BatchSize = 500;
        a.DeleteViewTypeOnTeardown<KnowledgeChunk>();
    });
});
await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

var tenant = Guid.NewGuid().ToString();
var targets = new Guid[rows.Count];
await using (var session = store.LightweightSession(tenant))
{
    for (var i = 0; i < rows.Count; i++)
    {
        var patient = Guid.CreateVersion7();
        targets[i] = Guid.CreateVersion7();
        var turns = TranscriptParser.Parse(rows[i].Dialogue, TranscriptFormat.Text).Turns;
        session.Events.StartStream<Patient>(patient, new PatientRegistered(patient, $"MTS patient {i}", null, null, null, null, null, [], null, null));
        session.Events.StartStream<Consultation>(targets[i], new ConsultationRecorded(targets[i], patient, null, TranscriptFormat.Text,
            ConsultationLanguage.En, rows[i].Dialogue, turns, DateTimeOffset.UtcNow));
    }
    await session.SaveChangesAsync();
}

var clock = Stopwatch.StartNew();
using (var daemon = await store.BuildProjectionDaemonAsync())
    await daemon.RebuildProjectionAsync(KnowledgeChunkProjection.Name, TimeSpan.FromMinutes(30), CancellationToken.None);
var reindex = clock.Elapsed;

string[] texts;
await using (var q = store.QuerySession(tenant)) texts = (await q.Query<KnowledgeChunk>().Select(c => c.Text).ToListAsync()).ToArray();
await embedder.EmbedAsync(texts.Take(8).ToList(), CancellationToken.None); // warm
clock.Restart();
await embedder.EmbedAsync(texts, CancellationToken.None);
var embedSeconds = clock.Elapsed.TotalSeconds;
Console.WriteLine($"{texts.Length} chunks ({texts.Sum(TextChunker.Words) / (double)texts.Length:0} words each on average)");

await using var db = NpgsqlDataSource.Create(cs);
var options = Options.Create(new AssistantOptions());
var retriever = new HybridRetriever(new LexicalSearch(db), new PostgresVectorStore(db), embedder, options);
var scope = new RetrievalScope(tenant, true, null);
var perQuery = new Dictionary<RetrievalMode, int[]>();
var results = new List<(RetrievalMode Mode, double R1, double R5, double Mrr, double MsPerQuery, double R5Informative)>();
// Reference notes of three words or fewer ("None.", "Unremarkable.", "Noncontributory.") single out no dialogue: reported apart.
var informative = rows.Select(r => TextChunker.Words(r.Note) > 3).ToArray();
await using (var session = store.QuerySession(tenant))
{
    await retriever.SearchAsync(session, scope, "warm up", 5, CancellationToken.None);
    foreach (var mode in new[] { RetrievalMode.Lexical, RetrievalMode.Vector, RetrievalMode.Hybrid })
    {
        double r1 = 0, r5 = 0, mrr = 0, r5i = 0;
        var ranks = new int[rows.Count];
        clock.Restart();
        for (var i = 0; i < rows.Count; i++)
        {
            var hits = await retriever.SearchAsync(session, scope, rows[i].Note, 50, CancellationToken.None, mode);
            var rank = hits.Select(h => h.Chunk.SourceId).Distinct().ToList().IndexOf(targets[i]) + 1;
            ranks[i] = rank;
            if (rank == 1) r1++;
            if (rank is >= 1 and <= 5) r5++;
            if (rank is >= 1 and <= 5 && informative[i]) r5i++;
            if (rank >= 1) mrr += 1.0 / rank;
        }
        perQuery[mode] = ranks;
        results.Add((mode, r1 / rows.Count, r5 / rows.Count, mrr / rows.Count, clock.Elapsed.TotalMilliseconds / rows.Count, r5i / informative.Count(x => x)));
    }
}

// Per-query ranks (0 = not in the first 50) for looking at the misses: TestResults/bench/assistant-ranks.tsv.
var ranksFile = Path.Combine(Root(), "TestResults", "bench", "assistant-ranks.tsv");
Directory.CreateDirectory(Path.GetDirectoryName(ranksFile)!);
await File.WriteAllLinesAsync(ranksFile, Enumerable.Range(0, rows.Count).Select(i =>
    $"{i}\t{perQuery[RetrievalMode.Lexical][i]}\t{perQuery[RetrievalMode.Vector][i]}\t{perQuery[RetrievalMode.Hybrid][i]}\t{rows[i].Note.ReplaceLineEndings(" ")}"));

var lexical = results[0];
Console.WriteLine();
Console.WriteLine($"| retrieval | recall@1 | recall@5 | MRR | recall@5 ÷ lexical | recall@5, the {informative.Count(x => x)} notes of > 3 words | ms per query |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
foreach (var r in results)
    Console.WriteLine($"| {r.Mode.ToString().ToLowerInvariant()} | {r.R1:0.000} | {r.R5:0.000} | {r.Mrr:0.000} | {r.R5 / lexical.R5:0.00} | {r.R5Informative:0.000} | {r.MsPerQuery:0.0} |");
Console.WriteLine();
Console.WriteLine("| indexing | figure |");
Console.WriteLine("|---|---:|");
Console.WriteLine($"| chunks | {texts.Length} |");
Console.WriteLine($"| embedding throughput (in process, all-MiniLM-L6-v2) | {texts.Length / embedSeconds:0.0} chunks/s |");
Console.WriteLine($"| full re-index (`projections rebuild -p Knowledge`: read events, chunk, embed, store) | {reindex.TotalSeconds:0.0} s |");
Console.WriteLine($"| re-index ÷ embedding alone | {reindex.TotalSeconds / embedSeconds:0.00} |");

static string Root()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ChiroClick.sln"))) dir = dir.Parent;
    return dir?.FullName ?? throw new InvalidOperationException("ChiroClick.sln not found");
}
