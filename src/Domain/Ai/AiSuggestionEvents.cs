namespace ChiroClick.Domain.Ai;

/// <summary>Marker for the events of one suggestion's stream (stream id = suggestion id).</summary>
public interface IAiSuggestionEvent
{
    /// <summary>The suggestion's id (= its stream id).</summary>
    Guid SuggestionId { get; }
}

/// <summary>
/// The AI gateway answered a task. Starts the suggestion stream. Holds the prompts and output as sent
/// to and received from Ollama: this stream is clinical data, kept in the clinic's tenant; only the
/// anonymised training projections may leave the clinic.
/// </summary>
/// <param name="SuggestionId">Stream id.</param>
/// <param name="Task">The task asked for.</param>
/// <param name="Role">Model role the task was routed to.</param>
/// <param name="RequestedModel">Model configured for the role.</param>
/// <param name="ModelUsed">Model that actually answered (the default model after a fallback).</param>
/// <param name="Fallback">True when the role's model was missing from Ollama and the default answered.</param>
/// <param name="Variant">Experiment variant name, or null for the control.</param>
/// <param name="PatientId">Patient the suggestion is about, if any.</param>
/// <param name="PatientAgeRange">Patient's age as a decade range at generation time ("40–49"), or null.</param>
/// <param name="SystemPrompt">System prompt sent.</param>
/// <param name="UserPrompt">User prompt sent (context + input).</param>
/// <param name="Output">Model output (for structured tasks, the validated JSON).</param>
/// <param name="LatencyMs">Wall-clock time of the model call, milliseconds.</param>
/// <param name="PromptTokens">Prompt tokens evaluated (Ollama prompt_eval_count).</param>
/// <param name="EvalTokens">Tokens generated (Ollama eval_count).</param>
/// <param name="Confidence">Model-reported confidence 0..1 where the task yields one (diagnosis), else null.</param>
public sealed record AiSuggestionGenerated(
    Guid SuggestionId,
    AiTask Task,
    ModelRole Role,
    string RequestedModel,
    string ModelUsed,
    bool Fallback,
    string? Variant,
    Guid? PatientId,
    string? PatientAgeRange,
    string SystemPrompt,
    string UserPrompt,
    string Output,
    long LatencyMs,
    int PromptTokens,
    int EvalTokens,
    double? Confidence) : IAiSuggestionEvent;

/// <summary>The clinician accepted the suggestion as it was.</summary>
/// <param name="SuggestionId">Suggestion.</param>
/// <param name="TimeToDecisionMs">Milliseconds from generation to this decision.</param>
public sealed record AiSuggestionAccepted(Guid SuggestionId, long TimeToDecisionMs) : IAiSuggestionEvent;

/// <summary>The clinician corrected the suggestion and used the correction.</summary>
/// <param name="SuggestionId">Suggestion.</param>
/// <param name="Correction">The clinician's text.</param>
/// <param name="CorrectionType">minor_edit or major_edit, by <paramref name="EditDistance"/> against the threshold.</param>
/// <param name="EditDistance">Normalised Levenshtein distance, 0..1 (distance ÷ length of the longer text).</param>
/// <param name="TimeToDecisionMs">Milliseconds from generation to this decision.</param>
public sealed record AiSuggestionModified(Guid SuggestionId, string Correction, FeedbackKind CorrectionType, double EditDistance,
    long TimeToDecisionMs) : IAiSuggestionEvent;

/// <summary>The clinician rejected the suggestion, optionally writing what it should have said.</summary>
/// <param name="SuggestionId">Suggestion.</param>
/// <param name="Reason">Why (free text).</param>
/// <param name="Correction">The text the clinician would have wanted, or null.</param>
/// <param name="TimeToDecisionMs">Milliseconds from generation to this decision.</param>
public sealed record AiSuggestionRejected(Guid SuggestionId, string Reason, string? Correction, long TimeToDecisionMs) : IAiSuggestionEvent;
