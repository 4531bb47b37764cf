using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using ChiroClick.Domain.Training;
using ChiroClick.Projections.Training;
using ChiroClick.Projections.Training.Anonymisation;

namespace ChiroClick.Api.Training;

/// <summary>One file of an export: rows and lower-case hex SHA-256 of its bytes.</summary>
/// <param name="Rows">JSON lines in the file.</param>
/// <param name="Sha256">SHA-256 of the file as written.</param>
public sealed record ManifestFile(
    [property: JsonPropertyName("rows")] int Rows,
    [property: JsonPropertyName("sha256")] string Sha256);

/// <summary>
/// manifest.json of an export or merge. Shape (the ai-training scripts rely on it):
/// <c>{"batchId","anonymiserVersion","watermark","previousWatermark","createdAt","counts":{"train","validation","test","dpo"},
/// "files":{"train.jsonl":{"rows","sha256"},...}}</c>.
/// </summary>
/// <param name="BatchId">Export id (TrainingDatasetExported.BatchId).</param>
/// <param name="AnonymiserVersion">Rules that produced (or, for a merge, re-checked) the lines.</param>
/// <param name="Watermark">Highest decision event sequence included (previous watermark when nothing new; 0 for a merge).</param>
/// <param name="PreviousWatermark">Sequence the export started after (0 with --all and for a merge).</param>
/// <param name="CreatedAt">When the export was written (ISO-8601, UTC).</param>
/// <param name="Counts">Rows per role: train, validation, test, dpo.</param>
/// <param name="Files">File name → rows and hash.</param>
public sealed record TrainingManifest(
    [property: JsonPropertyName("batchId")] Guid BatchId,
    [property: JsonPropertyName("anonymiserVersion")] string AnonymiserVersion,
    [property: JsonPropertyName("watermark")] long Watermark,
    [property: JsonPropertyName("previousWatermark")] long PreviousWatermark,
    [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("counts")] IReadOnlyDictionary<string, int> Counts,
    [property: JsonPropertyName("files")] IReadOnlyDictionary<string, ManifestFile> Files);

/// <summary>
/// Writes a clinic's training dataset: train.jsonl / validation.jsonl / test.jsonl (SFT, 80/10/10 by the
/// example's content hash, so an example keeps its split across re-exports), dpo.jsonl and manifest.json.
/// By default only examples whose decision came after the previous export's watermark; every export appends
/// <see cref="TrainingDatasetExported"/>. Streams from the database to the files: memory stays flat.
/// </summary>
public static class TrainingExporter
{
    /// <summary>File names by role.</summary>
    public const string Train = "train.jsonl", Validation = "validation.jsonl", Test = "test.jsonl", Dpo = "dpo.jsonl", Manifest = "manifest.json";

    /// <summary>Manifest JSON options: indented, property names from attributes.</summary>
    public static readonly JsonSerializerOptions ManifestJson = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Split of a content hash (hex): first 32 bits mod 100 → &lt; 80 train, &lt; 90 validation, else test.</summary>
    public static string SplitFor(string contentHashHex)
    {
        var bucket = BinaryPrimitives.ReadUInt32BigEndian(Convert.FromHexString(contentHashHex.AsSpan(0, 8))) % 100;
        return bucket < 80 ? Train : bucket < 90 ? Validation : Test;
    }

    /// <summary>Watermark of the clinic's last export, or 0 when it never exported.</summary>
    public static async Task<long> LastWatermarkAsync(IQuerySession session, Guid clinicId, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(TrainingExportStream.For(clinicId), token: ct);
        return events.Select(e => e.Data).OfType<TrainingDatasetExported>().LastOrDefault()?.Watermark ?? 0;
    }

    /// <summary>
    /// Exports <paramref name="clinicId"/>'s examples into <paramref name="outDir"/> (created if missing; existing
    /// files of the same names are replaced) and records the export. <paramref name="all"/> ignores the previous watermark.
    /// </summary>
    public static async Task<TrainingManifest> ExportAsync(IDocumentStore store, Guid clinicId, string outDir, bool all, TimeProvider time,
        CancellationToken ct = default)
    {
        Directory.CreateDirectory(outDir);
        await using var session = store.LightweightSession(clinicId.ToString());
        var previous = all ? 0 : await LastWatermarkAsync(session, clinicId, ct);
        var watermark = previous;

        var writers = new[] { Train, Validation, Test, Dpo }.ToDictionary(f => f, f => new LineFile(Path.Combine(outDir, f)));
        try
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var ex in session.Query<SftExample>().Where(x => x.Sequence > previous).OrderBy(x => x.Sequence).ToAsyncEnumerable(ct))
            {
                watermark = Math.Max(watermark, ex.Sequence);
                if (seen.Add(ex.ContentHash)) await writers[SplitFor(ex.ContentHash)].WriteAsync(TrainingJson.Utf8(ex.Line), ct);
            }
            seen.Clear();
            await foreach (var ex in session.Query<DpoExample>().Where(x => x.Sequence > previous).OrderBy(x => x.Sequence).ToAsyncEnumerable(ct))
            {
                watermark = Math.Max(watermark, ex.Sequence);
                if (seen.Add(ex.ContentHash)) await writers[Dpo].WriteAsync(TrainingJson.Utf8(ex.Line), ct);
            }
        }
        finally
        {
            foreach (var w in writers.Values) await w.DisposeAsync();
        }

        var manifest = WriteManifest(outDir, Guid.NewGuid(), watermark, previous, time, writers);
        session.Events.Append(TrainingExportStream.For(clinicId), new TrainingDatasetExported(
            manifest.BatchId, ["sft", "dpo"], manifest.Counts, watermark, previous, Anonymiser.Version,
            manifest.Files.ToDictionary(f => f.Key, f => f.Value.Sha256), all));
        await session.SaveChangesAsync(ct);
        return manifest;
    }

    internal static TrainingManifest WriteManifest(string outDir, Guid batchId, long watermark, long previous, TimeProvider time,
        IReadOnlyDictionary<string, LineFile> files)
    {
        // Whole seconds, UTC: "2026-11-24T21:30:06+00:00" parses everywhere (Python's fromisoformat included).
        var now = time.GetUtcNow();
        var createdAt = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var manifest = new TrainingManifest(batchId, Anonymiser.Version, watermark, previous, createdAt,
            new Dictionary<string, int>
            {
                ["train"] = files[Train].Rows, ["validation"] = files[Validation].Rows, ["test"] = files[Test].Rows, ["dpo"] = files[Dpo].Rows,
            },
            files.ToDictionary(f => f.Key, f => new ManifestFile(f.Value.Rows, f.Value.Sha256)));
        File.WriteAllText(Path.Combine(outDir, Manifest), JsonSerializer.Serialize(manifest, ManifestJson) + "\n");
        return manifest;
    }

    /// <summary>A JSON Lines file being written: counts rows and hashes the bytes as they go out.</summary>
    internal sealed class LineFile(string path) : IAsyncDisposable
    {
        private static readonly byte[] NewLine = "\n"u8.ToArray();
        private readonly FileStream _stream = new(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private string? _sha;

        public int Rows { get; private set; }
        public string Sha256 => _sha ?? throw new InvalidOperationException("File still open.");

        public async ValueTask WriteAsync(byte[] line, CancellationToken ct)
        {
            await _stream.WriteAsync(line, ct);
            await _stream.WriteAsync(NewLine, ct);
            _hash.AppendData(line);
            _hash.AppendData(NewLine);
            Rows++;
        }

        public async ValueTask DisposeAsync()
        {
            if (_sha is not null) return;
            _sha = Convert.ToHexStringLower(_hash.GetHashAndReset());
            await _stream.DisposeAsync();
            _hash.Dispose();
        }
    }
}
