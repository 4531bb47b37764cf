using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ChiroClick.Domain.Ai;

namespace ChiroClick.AiGateway.Structured;

/// <summary>One suggested ICPC-2 diagnosis.</summary>
/// <param name="Code">ICPC-2 code, upper case ("L03").</param>
/// <param name="Title">Official Norwegian title of the code (replaces the model's wording).</param>
/// <param name="Confidence">Model's confidence 0..1 (clamped).</param>
/// <param name="Rationale">Model's short reason.</param>
public sealed record DiagnosisSuggestion(string Code, string Title, double Confidence, string Rationale);

/// <summary>One red flag.</summary>
/// <param name="Flag">What the flag is ("mulig cauda equina").</param>
/// <param name="Severity">low, moderate or high.</param>
/// <param name="Evidence">Finding or quote that supports it.</param>
public sealed record RedFlag(string Flag, string Severity, string Evidence);

/// <summary>A structured answer after validation.</summary>
/// <param name="Json">The validated JSON stored as the suggestion's output (compact, camelCase).</param>
/// <param name="Confidence">Highest diagnosis confidence, or null.</param>
/// <param name="Dropped">Items removed by validation (unknown ICPC-2 codes, malformed flags).</param>
/// <param name="DroppedCodes">The unknown codes as the model wrote them (diagnosis only).</param>
public sealed record StructuredResult(string Json, double? Confidence, int Dropped, IReadOnlyList<string> DroppedCodes);

/// <summary>
/// JSON schemas sent as Ollama's <c>format</c> (structured output) and the validation of the answers.
/// diagnosis → <c>{"diagnoses":[{code,title,confidence,rationale}]}</c>;
/// red_flags → <c>{"flags":[{flag,severity,evidence}]}</c>.
/// </summary>
public static class StructuredOutputs
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Severities accepted for red flags.</summary>
    public static readonly IReadOnlySet<string> Severities = new HashSet<string>(["low", "moderate", "high"]);

    /// <summary>The JSON schema of a structured task, or null for free-text tasks.</summary>
    public static JsonObject? SchemaFor(AiTask task) => task switch
    {
        AiTask.Diagnosis => ObjectWithList("diagnoses", new JsonObject
        {
            ["code"] = new JsonObject { ["type"] = "string" },
            ["title"] = new JsonObject { ["type"] = "string" },
            ["confidence"] = new JsonObject { ["type"] = "number", ["minimum"] = 0, ["maximum"] = 1 },
            ["rationale"] = new JsonObject { ["type"] = "string" },
        }),
        AiTask.RedFlags => ObjectWithList("flags", new JsonObject
        {
            ["flag"] = new JsonObject { ["type"] = "string" },
            ["severity"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("low", "moderate", "high") },
            ["evidence"] = new JsonObject { ["type"] = "string" },
        }),
        AiTask.ConsultationExtraction => ExtractionOutput.Schema(),
        _ => null,
    };

    internal static JsonObject ObjectWithList(string name, JsonObject itemProperties)
    {
        var required = new JsonArray(itemProperties.Select(p => (JsonNode)JsonValue.Create(p.Key)!).ToArray());
        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                [name] = new JsonObject
                {
                    ["type"] = "array",
                    ["items"] = new JsonObject { ["type"] = "object", ["properties"] = itemProperties, ["required"] = required },
                },
            },
            ["required"] = new JsonArray(name),
        };
    }

    /// <summary>
    /// Validates a structured answer. Throws <see cref="JsonException"/> when it is not JSON of the
    /// expected shape (the gateway answers 502 then).
    /// </summary>
    public static StructuredResult Validate(AiTask task, string content) => task switch
    {
        AiTask.Diagnosis => ValidateDiagnosis(content),
        AiTask.RedFlags => ValidateRedFlags(content),
        AiTask.ConsultationExtraction => ExtractionOutput.Validate(content),
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Not a structured task."),
    };

    private static JsonArray ListOf(string content, string name)
    {
        var root = JsonNode.Parse(content) ?? throw new JsonException("Empty answer.");
        // Models sometimes answer with the bare list instead of the wrapping object.
        if (root is JsonArray bare) return bare;
        return root[name] as JsonArray ?? throw new JsonException($"The answer has no \"{name}\" list.");
    }

    internal static string? Text(JsonNode? item, string name) =>
        item?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s.Trim() : null;

    private static StructuredResult ValidateDiagnosis(string content)
    {
        var kept = new List<DiagnosisSuggestion>();
        var dropped = new List<string>();
        foreach (var item in ListOf(content, "diagnoses"))
        {
            var code = Text(item, "code");
            var title = Icpc2Codes.TitleOf(code);
            if (code is null || title is null)
            {
                dropped.Add(code ?? "");
                continue;
            }
            var confidence = item?["confidence"] is JsonValue c && c.TryGetValue<double>(out var d) ? Math.Clamp(d, 0, 1) : 0;
            var normalised = Icpc2Codes.Normalise(code);
            if (kept.Any(k => k.Code == normalised)) continue;
            kept.Add(new DiagnosisSuggestion(normalised, title, confidence, Text(item, "rationale") ?? ""));
        }
        var json = JsonSerializer.Serialize(new { diagnoses = kept }, Json);
        return new StructuredResult(json, kept.Count == 0 ? null : kept.Max(k => k.Confidence), dropped.Count, dropped);
    }

    private static StructuredResult ValidateRedFlags(string content)
    {
        var kept = new List<RedFlag>();
        var dropped = 0;
        foreach (var item in ListOf(content, "flags"))
        {
            var flag = Text(item, "flag");
            var severity = Text(item, "severity")?.ToLowerInvariant();
            if (string.IsNullOrEmpty(flag) || severity is null || !Severities.Contains(severity))
            {
                dropped++;
                continue;
            }
            kept.Add(new RedFlag(flag, severity, Text(item, "evidence") ?? ""));
        }
        return new StructuredResult(JsonSerializer.Serialize(new { flags = kept }, Json), null, dropped, []);
    }
}
