using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using ChiroClick.Domain.Ai;

namespace ChiroClick.Projections.Training;

/// <summary>One ChatML message: role system | user | assistant, and its (anonymised) content.</summary>
/// <param name="Role">system, user or assistant.</param>
/// <param name="Content">Anonymised text.</param>
public sealed record ChatMessage(
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("content")] string Content);

/// <summary>
/// Metadata of one exported example. Deliberately without ids, clinic, dates or names. JSON keys are
/// snake_case: source, task, correction_type, confidence, model, variant, age_range, and for DPO pairs system.
/// </summary>
public sealed record TrainingMetadata
{
    /// <summary>Always <see cref="ClinicalFeedback"/>.</summary>
    public const string ClinicalFeedback = "clinical_feedback";

    /// <summary>Where the example came from.</summary>
    [JsonPropertyName("source")] public string Source { get; init; } = ClinicalFeedback;
    /// <summary>AI task in snake_case ("soap_norwegian").</summary>
    [JsonPropertyName("task")] public string Task { get; init; } = "";
    /// <summary>accepted_as_is, minor_edit, major_edit or rejected.</summary>
    [JsonPropertyName("correction_type")] public string CorrectionType { get; init; } = "";
    /// <summary>Model-reported confidence 0..1, or null.</summary>
    [JsonPropertyName("confidence")] public double? Confidence { get; init; }
    /// <summary>Model that answered.</summary>
    [JsonPropertyName("model")] public string Model { get; init; } = "";
    /// <summary>Experiment variant, or null for the control.</summary>
    [JsonPropertyName("variant")] public string? Variant { get; init; }
    /// <summary>Patient's age as a decade range ("40–49"), or null.</summary>
    [JsonPropertyName("age_range")] public string? AgeRange { get; init; }
    /// <summary>DPO pairs only: the anonymised system prompt (TRL's DPO prompt is the user prompt alone).</summary>
    [JsonPropertyName("system")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? System { get; init; }
}

/// <summary>An SFT line: <c>{"messages":[system,user,assistant],"metadata":{...}}</c>.</summary>
/// <param name="Messages">system, user, assistant — anonymised.</param>
/// <param name="Metadata">Example metadata.</param>
public sealed record SftLine(
    [property: JsonPropertyName("messages")] IReadOnlyList<ChatMessage> Messages,
    [property: JsonPropertyName("metadata")] TrainingMetadata Metadata);

/// <summary>A DPO line: <c>{"prompt","chosen","rejected","metadata"}</c> (chosen = the clinician's text).</summary>
/// <param name="Prompt">Anonymised user prompt.</param>
/// <param name="Chosen">Anonymised correction.</param>
/// <param name="Rejected">Anonymised model output.</param>
/// <param name="Metadata">Example metadata, with <c>system</c>.</param>
public sealed record DpoLine(
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("chosen")] string Chosen,
    [property: JsonPropertyName("rejected")] string Rejected,
    [property: JsonPropertyName("metadata")] TrainingMetadata Metadata);

/// <summary>
/// Stored SFT example (one per suggestion; id = suggestion id, never exported). <see cref="Sequence"/> is the
/// event sequence of the decision that produced it: exports select by it and record it as watermark.
/// </summary>
public sealed class SftExample
{
    /// <summary>Suggestion id.</summary>
    public Guid Id { get; set; }
    /// <summary>Event sequence of the decision event.</summary>
    public long Sequence { get; set; }
    /// <summary>Task (for stats).</summary>
    public string Task { get; set; } = "";
    /// <summary>Correction type (for stats).</summary>
    public string CorrectionType { get; set; } = "";
    /// <summary>The exported line.</summary>
    public SftLine Line { get; set; } = new([], new TrainingMetadata());
    /// <summary>Lower-case hex SHA-256 of the compact JSON line: dedupe key and split assignment.</summary>
    public string ContentHash { get; set; } = "";
    /// <summary>Anonymiser version that produced the line.</summary>
    public string AnonymiserVersion { get; set; } = "";
}

/// <summary>Stored DPO pair (one per suggestion; id = suggestion id, never exported). See <see cref="SftExample"/>.</summary>
public sealed class DpoExample
{
    /// <summary>Suggestion id.</summary>
    public Guid Id { get; set; }
    /// <summary>Event sequence of the decision event.</summary>
    public long Sequence { get; set; }
    /// <summary>Task (for stats).</summary>
    public string Task { get; set; } = "";
    /// <summary>Correction type (for stats).</summary>
    public string CorrectionType { get; set; } = "";
    /// <summary>The exported line.</summary>
    public DpoLine Line { get; set; } = new("", "", "", new TrainingMetadata());
    /// <summary>Lower-case hex SHA-256 of the compact JSON line.</summary>
    public string ContentHash { get; set; } = "";
    /// <summary>Anonymiser version that produced the line.</summary>
    public string AnonymiserVersion { get; set; } = "";
}

/// <summary>
/// Raw generated suggestion kept until (and after) the clinician decides, because the decision event alone
/// does not carry the prompts. Clinical data: stays in the clinic's tenant, never exported.
/// </summary>
public sealed class TrainingDraft
{
    /// <summary>Suggestion id.</summary>
    public Guid Id { get; set; }
    /// <summary>Task asked for.</summary>
    public AiTask Task { get; set; }
    /// <summary>Model that answered.</summary>
    public string ModelUsed { get; set; } = "";
    /// <summary>Experiment variant.</summary>
    public string? Variant { get; set; }
    /// <summary>Patient's age range.</summary>
    public string? AgeRange { get; set; }
    /// <summary>System prompt as sent.</summary>
    public string SystemPrompt { get; set; } = "";
    /// <summary>User prompt as sent.</summary>
    public string UserPrompt { get; set; } = "";
    /// <summary>Model output.</summary>
    public string Output { get; set; } = "";
    /// <summary>Model-reported confidence.</summary>
    public double? Confidence { get; set; }
}

/// <summary>
/// The clinic's known person names, fed by PatientRegistered (patients) and, once visits exist, by the
/// practitioners named there (<see cref="Practitioners"/>). One document per clinic, id <see cref="DocumentId"/>.
/// </summary>
public sealed class TrainingNameBook
{
    /// <summary>The single id of the per-clinic document.</summary>
    public const string DocumentId = "names";

    /// <summary>Always <see cref="DocumentId"/>.</summary>
    public string Id { get; set; } = DocumentId;
    /// <summary>Patient id → full name.</summary>
    public Dictionary<Guid, string> Patients { get; set; } = new();
    /// <summary>Practitioner key (user name or id) → full name.</summary>
    public Dictionary<string, string> Practitioners { get; set; } = new();
}

/// <summary>Compact JSON Lines serialisation and hashing of training lines (UTF-8, no indentation, one object per line).</summary>
public static class TrainingJson
{
    /// <summary>Options for lines: property names come from the attributes; non-ASCII written as is (UTF-8).</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        WriteIndented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The line as compact UTF-8 JSON, without the trailing newline. Line breaks inside strings are escaped (\n).</summary>
    public static byte[] Utf8<T>(T line) => JsonSerializer.SerializeToUtf8Bytes(line, Options);

    /// <summary>Lower-case hex SHA-256 of <paramref name="utf8"/>.</summary>
    public static string Hash(ReadOnlySpan<byte> utf8) => Convert.ToHexStringLower(SHA256.HashData(utf8));
}
