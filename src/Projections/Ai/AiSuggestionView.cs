using ChiroClick.Domain.Ai;

namespace ChiroClick.Projections.Ai;

/// <summary>
/// One suggestion and its decision, projected inline from the suggestion stream (a read model only: the
/// accept/modify/reject endpoints decide on the <c>AiSuggestion</c> aggregate). Times are event timestamps (UTC).
/// </summary>
public sealed class AiSuggestionView
{
    /// <summary>Suggestion id (= stream id).</summary>
    public Guid Id { get; set; }
    /// <summary>Stream version.</summary>
    public int Version { get; set; }
    /// <summary>Task.</summary>
    public AiTask Task { get; set; }
    /// <summary>Routed role.</summary>
    public ModelRole Role { get; set; }
    /// <summary>Model configured for the role (or the variant's model).</summary>
    public string RequestedModel { get; set; } = "";
    /// <summary>Model that answered.</summary>
    public string ModelUsed { get; set; } = "";
    /// <summary>True when the default model answered instead of the requested one.</summary>
    public bool Fallback { get; set; }
    /// <summary>Experiment variant, null for the control.</summary>
    public string? Variant { get; set; }
    /// <summary>Patient, if any.</summary>
    public Guid? PatientId { get; set; }
    /// <summary>Patient's decade range at generation ("40–49"), if known.</summary>
    public string? PatientAgeRange { get; set; }
    /// <summary>System prompt sent.</summary>
    public string SystemPrompt { get; set; } = "";
    /// <summary>User prompt sent.</summary>
    public string UserPrompt { get; set; } = "";
    /// <summary>Model output (validated JSON for structured tasks).</summary>
    public string Output { get; set; } = "";
    /// <summary>Model call time, ms.</summary>
    public long LatencyMs { get; set; }
    /// <summary>Prompt tokens.</summary>
    public int PromptTokens { get; set; }
    /// <summary>Generated tokens.</summary>
    public int EvalTokens { get; set; }
    /// <summary>Diagnosis confidence 0..1, else null.</summary>
    public double? Confidence { get; set; }
    /// <summary>When it was generated.</summary>
    public DateTimeOffset GeneratedAt { get; set; }
    /// <summary>User who asked (event user name).</summary>
    public string? GeneratedBy { get; set; }
    /// <summary>The decision, or null while pending.</summary>
    public FeedbackKind? Feedback { get; set; }
    /// <summary>Clinician's text (modify, or reject with correction).</summary>
    public string? Correction { get; set; }
    /// <summary>Normalised edit distance of a modification, 0..1.</summary>
    public double? EditDistance { get; set; }
    /// <summary>Rejection reason.</summary>
    public string? RejectionReason { get; set; }
    /// <summary>Milliseconds from generation to decision.</summary>
    public long? TimeToDecisionMs { get; set; }
    /// <summary>When it was decided.</summary>
    public DateTimeOffset? DecidedAt { get; set; }
    /// <summary>Who decided.</summary>
    public string? DecidedBy { get; set; }
}

/// <summary>Inline single-stream projection of <see cref="AiSuggestionView"/>.</summary>
public sealed class AiSuggestionViewProjection : SingleStreamProjection<AiSuggestionView, Guid>
{
    /// <summary>Starts the view.</summary>
    public static AiSuggestionView Create(IEvent<AiSuggestionGenerated> e) => new()
    {
        Id = e.Data.SuggestionId,
        Task = e.Data.Task,
        Role = e.Data.Role,
        RequestedModel = e.Data.RequestedModel,
        ModelUsed = e.Data.ModelUsed,
        Fallback = e.Data.Fallback,
        Variant = e.Data.Variant,
        PatientId = e.Data.PatientId,
        PatientAgeRange = e.Data.PatientAgeRange,
        SystemPrompt = e.Data.SystemPrompt,
        UserPrompt = e.Data.UserPrompt,
        Output = e.Data.Output,
        LatencyMs = e.Data.LatencyMs,
        PromptTokens = e.Data.PromptTokens,
        EvalTokens = e.Data.EvalTokens,
        Confidence = e.Data.Confidence,
        GeneratedAt = e.Timestamp,
        GeneratedBy = e.UserName,
    };

    /// <summary>Accepted as is.</summary>
    public static void Apply(IEvent<AiSuggestionAccepted> e, AiSuggestionView v) =>
        Decided(v, e, FeedbackKind.AcceptedAsIs, e.Data.TimeToDecisionMs);

    /// <summary>Modified.</summary>
    public static void Apply(IEvent<AiSuggestionModified> e, AiSuggestionView v)
    {
        Decided(v, e, e.Data.CorrectionType, e.Data.TimeToDecisionMs);
        v.Correction = e.Data.Correction;
        v.EditDistance = e.Data.EditDistance;
    }

    /// <summary>Rejected.</summary>
    public static void Apply(IEvent<AiSuggestionRejected> e, AiSuggestionView v)
    {
        Decided(v, e, FeedbackKind.Rejected, e.Data.TimeToDecisionMs);
        v.Correction = e.Data.Correction;
        v.RejectionReason = e.Data.Reason;
    }

    private static void Decided(AiSuggestionView v, IEvent e, FeedbackKind kind, long timeToDecisionMs)
    {
        v.Feedback = kind;
        v.TimeToDecisionMs = timeToDecisionMs;
        v.DecidedAt = e.Timestamp;
        v.DecidedBy = e.UserName;
    }
}
