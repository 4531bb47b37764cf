using System.Text.Json;
using System.Text.Json.Nodes;
using ChiroClick.Domain.Consultations;

namespace ChiroClick.AiGateway.Structured;

/// <summary>
/// The structured answer of <c>consultation_extraction</c>: its JSON schema (sent as Ollama's <c>format</c>), the validation
/// of the model's answer into a <see cref="ClinicalExtraction"/> and the reading of a stored (or clinician-corrected) one.
/// Validation keeps what is usable and counts the rest as dropped: ICPC-2 codes not in the official list (as for
/// <c>diagnosis</c>; titles become the official ones), red flags without a known severity, tasks without a title, a
/// follow-up outside 1..365 days. Numbers are clamped (confidences 0..1, task due 0..365 days).
/// </summary>
public static class ExtractionOutput
{
    /// <summary>The JSON schema of the answer.</summary>
    public static JsonObject Schema()
    {
        JsonObject Str() => new() { ["type"] = "string" };
        JsonObject Confidence() => new() { ["type"] = "number", ["minimum"] = 0, ["maximum"] = 1 };
        JsonObject Obj(JsonObject properties) => new()
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = new JsonArray(properties.Select(p => (JsonNode)JsonValue.Create(p.Key)!).ToArray()),
        };
        JsonObject List(JsonNode items) => new() { ["type"] = "array", ["items"] = items };
        var followUp = Obj(new JsonObject { ["inDays"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = 365 }, ["reason"] = Str() });
        followUp["type"] = new JsonArray("object", "null");
        return Obj(new JsonObject
        {
            ["soap"] = Obj(new JsonObject { ["subjective"] = Str(), ["objective"] = Str(), ["assessment"] = Str(), ["plan"] = Str() }),
            ["diagnoses"] = List(Obj(new JsonObject { ["code"] = Str(), ["title"] = Str(), ["confidence"] = Confidence() })),
            ["redFlags"] = List(Obj(new JsonObject
            {
                ["flag"] = Str(),
                ["severity"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("low", "moderate", "high") },
                ["evidence"] = Str(),
            })),
            ["followUp"] = followUp,
            ["tasks"] = List(Obj(new JsonObject { ["title"] = Str(), ["dueInDays"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0 } })),
            ["exercises"] = List(Str()),
            ["confidence"] = Confidence(),
        });
    }

    /// <summary>Validates a model answer; throws <see cref="JsonException"/> when it is not an extraction at all (502).</summary>
    public static StructuredResult Validate(string content)
    {
        var (extraction, dropped, droppedCodes) = Read(content);
        return new StructuredResult(Serialize(extraction), extraction.Confidence, dropped, droppedCodes);
    }

    /// <summary>Reads an extraction (a stored output or a clinician's JSON correction); null when the text is not one.</summary>
    public static ClinicalExtraction? TryParse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || !json.TrimStart().StartsWith('{')) return null;
        try
        {
            return Read(json).Extraction;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The extraction as the stored JSON (camelCase, compact).</summary>
    public static string Serialize(ClinicalExtraction extraction) => JsonSerializer.Serialize(extraction, StructuredOutputs.Json);

    private static (ClinicalExtraction Extraction, int Dropped, List<string> DroppedCodes) Read(string content)
    {
        var root = JsonNode.Parse(content) as JsonObject ?? throw new JsonException("The answer is not a JSON object.");
        if (root["soap"] is not JsonObject soap) throw new JsonException("The answer has no \"soap\" object.");
        var dropped = 0;
        var droppedCodes = new List<string>();
        string T(JsonNode? n, string name) => StructuredOutputs.Text(n, name) ?? "";

        var diagnoses = new List<ExtractedDiagnosis>();
        foreach (var item in Items(root, "diagnoses"))
        {
            var code = StructuredOutputs.Text(item, "code");
            var title = Icpc2Codes.TitleOf(code);
            if (code is null || title is null)
            {
                dropped++;
                droppedCodes.Add(code ?? "");
                continue;
            }
            var normalised = Icpc2Codes.Normalise(code);
            if (diagnoses.All(d => d.Code != normalised)) diagnoses.Add(new ExtractedDiagnosis(normalised, title, Number(item?["confidence"], 0, 1)));
        }

        var flags = new List<ExtractedRedFlag>();
        foreach (var item in Items(root, "redFlags"))
        {
            var severity = StructuredOutputs.Text(item, "severity")?.ToLowerInvariant();
            if (T(item, "flag").Length == 0 || severity is null || !StructuredOutputs.Severities.Contains(severity)) dropped++;
            else flags.Add(new ExtractedRedFlag(T(item, "flag"), severity, T(item, "evidence")));
        }

        FollowUpPlan? followUp = null;
        if (root["followUp"] is JsonObject f)
        {
            var days = f["inDays"] is JsonValue v && v.TryGetValue<double>(out var d) ? (int)Math.Round(d) : 0;
            if (days is >= 1 and <= 365) followUp = new FollowUpPlan(days, T(f, "reason"));
            else dropped++;
        }

        var tasks = new List<ExtractedTask>();
        foreach (var item in Items(root, "tasks"))
        {
            if (T(item, "title").Length == 0) dropped++;
            else tasks.Add(new ExtractedTask(T(item, "title"), (int)Number(item?["dueInDays"], 0, 365)));
        }

        var exercises = Items(root, "exercises").Select(e => e is JsonValue s && s.TryGetValue<string>(out var x) ? x.Trim() : "")
            .Where(x => x.Length > 0).ToList();
        var extraction = new ClinicalExtraction(
            new SoapNote(T(soap, "subjective"), T(soap, "objective"), T(soap, "assessment"), T(soap, "plan")),
            diagnoses, flags, followUp, tasks, exercises, Number(root["confidence"], 0, 1));
        return (extraction, dropped, droppedCodes);
    }

    private static IEnumerable<JsonNode?> Items(JsonObject root, string name) => root[name] as JsonArray ?? [];

    private static double Number(JsonNode? node, double min, double max) =>
        node is JsonValue v && v.TryGetValue<double>(out var d) && double.IsFinite(d) ? Math.Clamp(d, min, max) : min;
}
