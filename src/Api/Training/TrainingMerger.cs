using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChiroClick.Projections.Training;
using ChiroClick.Projections.Training.Anonymisation;

namespace ChiroClick.Api.Training;

/// <summary>Verdict on one input file of a merge.</summary>
/// <param name="Path">The file.</param>
/// <param name="Accepted">True when every line was valid and free of identities.</param>
/// <param name="SftRows">Valid SFT lines.</param>
/// <param name="DpoRows">Valid DPO lines.</param>
/// <param name="Problems">Why the file was refused: "line 3: ...", at most 20.</param>
public sealed record MergeFileResult(string Path, bool Accepted, int SftRows, int DpoRows, IReadOnlyList<string> Problems);

/// <summary>Result of a merge: the manifest written, per-file verdicts, and how many duplicate lines were dropped.</summary>
/// <param name="Manifest">The merged dataset's manifest.</param>
/// <param name="Files">One verdict per input file.</param>
/// <param name="Duplicates">Lines dropped because an identical line (same SHA-256) was already taken.</param>
public sealed record MergeResult(TrainingManifest Manifest, IReadOnlyList<MergeFileResult> Files, int Duplicates);

/// <summary>
/// Merges JSON Lines files from several clinics into one dataset (train/validation/test/dpo + manifest):
/// every line must be one JSON object of the SFT shape (<c>messages</c> = system, user, assistant strings + metadata)
/// or the DPO shape (<c>prompt</c>, <c>chosen</c>, <c>rejected</c> strings + metadata) with the metadata keys
/// source, task, correction_type, confidence, model, variant, age_range and no others (DPO may add system);
/// every text is rescanned with the anonymiser and a file with any remaining identity (or any bad line) is
/// refused as a whole. Accepted lines are re-serialised compactly, deduplicated by SHA-256 and split by it.
/// </summary>
public static class TrainingMerger
{
    private static readonly HashSet<string> MetadataKeys = ["source", "task", "correction_type", "confidence", "model", "variant", "age_range"];

    /// <summary>Merges <paramref name="inputs"/> into <paramref name="outDir"/>.</summary>
    public static async Task<MergeResult> MergeAsync(IEnumerable<string> inputs, string outDir, TimeProvider time, CancellationToken ct = default)
    {
        var verdicts = new List<(MergeFileResult Result, List<(bool Sft, byte[] Line)> Lines)>();
        foreach (var path in inputs) verdicts.Add(await CheckFileAsync(path, ct));

        Directory.CreateDirectory(outDir);
        var writers = new[] { TrainingExporter.Train, TrainingExporter.Validation, TrainingExporter.Test, TrainingExporter.Dpo }
            .ToDictionary(f => f, f => new TrainingExporter.LineFile(Path.Combine(outDir, f)));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = 0;
        try
        {
            foreach (var (_, lines) in verdicts.Where(v => v.Result.Accepted))
            foreach (var (sft, line) in lines)
            {
                var hash = TrainingJson.Hash(line);
                if (!seen.Add(hash))
                {
                    duplicates++;
                    continue;
                }
                await writers[sft ? TrainingExporter.SplitFor(hash) : TrainingExporter.Dpo].WriteAsync(line, ct);
            }
        }
        finally
        {
            foreach (var w in writers.Values) await w.DisposeAsync();
        }
        var manifest = TrainingExporter.WriteManifest(outDir, Guid.NewGuid(), 0, 0, time, writers);
        return new MergeResult(manifest, verdicts.Select(v => v.Result).ToList(), duplicates);
    }

    private static async Task<(MergeFileResult, List<(bool, byte[])>)> CheckFileAsync(string path, CancellationToken ct)
    {
        var problems = new List<string>();
        var lines = new List<(bool, byte[])>();
        if (!File.Exists(path)) return (new MergeFileResult(path, false, 0, 0, ["file not found"]), lines);

        var number = 0;
        using var reader = new StreamReader(path, new UTF8Encoding(false, throwOnInvalidBytes: true));
        try
        {
            while (await reader.ReadLineAsync(ct) is { } text)
            {
                number++;
                var problem = CheckLine(text, out var sft, out var canonical);
                if (problem is not null)
                {
                    if (problems.Count < 20) problems.Add($"line {number}: {problem}");
                    continue;
                }
                lines.Add((sft, canonical!));
            }
        }
        catch (DecoderFallbackException)
        {
            problems.Add($"line {number + 1}: not UTF-8");
        }
        var sftRows = lines.Count(l => l.Item1);
        return (new MergeFileResult(path, problems.Count == 0, sftRows, lines.Count - sftRows, problems), lines);
    }

    /// <summary>Null when <paramref name="text"/> is a valid, identity-free line; otherwise why not.</summary>
    internal static string? CheckLine(string text, out bool sft, out byte[]? canonical)
    {
        sft = false;
        canonical = null;
        if (string.IsNullOrWhiteSpace(text)) return "blank line (JSON Lines allows none)";
        JsonObject? obj;
        try
        {
            obj = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException e)
        {
            return "not JSON: " + e.Message;
        }
        if (obj is null) return "not a JSON object";

        var texts = new List<string>();
        if (obj.ContainsKey("messages"))
        {
            sft = true;
            if (obj.Count != 2 || !obj.ContainsKey("metadata")) return "an SFT line has exactly the keys messages and metadata";
            if (obj["messages"] is not JsonArray { Count: 3 } messages) return "messages must hold 3 messages";
            string[] roles = ["system", "user", "assistant"];
            for (var i = 0; i < 3; i++)
            {
                if (messages[i] is not JsonObject { Count: 2 } m || Str(m["role"]) != roles[i] || Str(m["content"]) is not { } content)
                    return $"message {i + 1} must be {{\"role\":\"{roles[i]}\",\"content\":\"...\"}}";
                texts.Add(content);
            }
        }
        else
        {
            if (obj.Count != 4) return "a DPO line has exactly the keys prompt, chosen, rejected and metadata";
            foreach (var key in new[] { "prompt", "chosen", "rejected" })
            {
                if (Str(obj[key]) is not { } value) return $"{key} must be a string";
                texts.Add(value);
            }
        }
        if (obj["metadata"] is not JsonObject meta) return "metadata must be an object";
        foreach (var key in MetadataKeys)
            if (!meta.ContainsKey(key)) return $"metadata.{key} is missing";
        foreach (var (key, _) in meta)
            if (!MetadataKeys.Contains(key) && !(key == "system" && !sft)) return $"metadata.{key} is not allowed (no ids, clinic, dates or names)";
        if (Str(meta["source"]) != TrainingMetadata.ClinicalFeedback) return "metadata.source must be clinical_feedback";
        if (Str(meta["task"]) is null || Str(meta["correction_type"]) is null || Str(meta["model"]) is null) return "metadata.task, correction_type and model must be strings";
        if (meta["confidence"] is not null && (meta["confidence"]!.GetValueKind() != JsonValueKind.Number)) return "metadata.confidence must be a number or null";
        if (meta["system"] is { } system)
        {
            if (Str(system) is not { } s) return "metadata.system must be a string";
            texts.Add(s);
        }
        foreach (var key in new[] { "variant", "age_range" })
            if (meta[key] is { } v)
            {
                if (Str(v) is not { } s) return $"metadata.{key} must be a string or null";
                texts.Add(s);
            }

        foreach (var t in texts)
        {
            var found = Anonymiser.Default.Detect(t).FirstOrDefault();
            if (found is not null) return $"still holds an identity ({found.Category} at {found.Start}: \"{Excerpt(t, found)}\")";
        }
        canonical = Encoding.UTF8.GetBytes(obj.ToJsonString(TrainingJson.Options));
        return null;
    }

    private static string? Str(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    // Shows where, not what: the category and a masked hint, so the refusal message itself leaks nothing whole.
    private static string Excerpt(string text, PiiSpan span) => span.Length <= 2 ? "**" : text[span.Start] + new string('*', span.Length - 1);
}
