using ChiroClick.Domain.Common;

namespace ChiroClick.Domain.Ai;

/// <summary>
/// The clinician's decision on a suggestion. A suggestion takes exactly one decision (accept, modify
/// or reject); a second one is a 409 conflict. Time to decision = now − generation time in whole
/// milliseconds, never negative (clocks of the database and the API may differ slightly).
/// </summary>
public static class AiSuggestionDecisions
{
    /// <summary>
    /// Normalised edit distance (Levenshtein distance ÷ length of the longer text, after trimming and
    /// collapsing whitespace) at or below which a modification is a minor_edit; above it is a
    /// major_edit. 0.2 ≈ "at most one character in five changed": typo fixes, a changed word or two.
    /// </summary>
    public const double MinorEditThreshold = 0.2;

    /// <summary>minor_edit when <paramref name="editDistance"/> ≤ <see cref="MinorEditThreshold"/>, else major_edit.</summary>
    public static FeedbackKind Classify(double editDistance) =>
        editDistance <= MinorEditThreshold ? FeedbackKind.MinorEdit : FeedbackKind.MajorEdit;

    /// <summary>Accepts <paramref name="suggestion"/> as is at <paramref name="now"/>; a conflict when already decided.</summary>
    public static Decision Accept(AiSuggestion suggestion, DateTimeOffset now) =>
        Accept(suggestion.Id, suggestion.Feedback, suggestion.GeneratedAt, now);

    /// <summary>
    /// Records <paramref name="correction"/> of <paramref name="suggestion"/> with its normalised edit distance (0..1)
    /// to the output; a conflict when already decided.
    /// </summary>
    public static Decision Modify(AiSuggestion suggestion, DateTimeOffset now, string correction, double editDistance) =>
        Modify(suggestion.Id, suggestion.Feedback, suggestion.GeneratedAt, now, correction, editDistance);

    /// <summary>Rejects <paramref name="suggestion"/> with a reason and optional correction; a conflict when already decided.</summary>
    public static Decision Reject(AiSuggestion suggestion, DateTimeOffset now, string reason, string? correction) =>
        Reject(suggestion.Id, suggestion.Feedback, suggestion.GeneratedAt, now, reason, correction);

    /// <summary>Accepts as is.</summary>
    public static Decision Accept(Guid id, FeedbackKind? decided, DateTimeOffset generatedAt, DateTimeOffset now) =>
        Refusal(id, decided) ?? Decision.Append(new AiSuggestionAccepted(id, Elapsed(generatedAt, now)));

    /// <summary>Records the clinician's corrected text with its normalised edit distance (0..1) to the output.</summary>
    public static Decision Modify(Guid id, FeedbackKind? decided, DateTimeOffset generatedAt, DateTimeOffset now, string correction,
        double editDistance) =>
        Refusal(id, decided) ?? Decision.Append(new AiSuggestionModified(id, correction, Classify(editDistance),
            Math.Round(editDistance, 4), Elapsed(generatedAt, now)));

    /// <summary>Rejects with a reason and, optionally, what it should have said.</summary>
    public static Decision Reject(Guid id, FeedbackKind? decided, DateTimeOffset generatedAt, DateTimeOffset now, string reason,
        string? correction) =>
        Refusal(id, decided) ?? Decision.Append(new AiSuggestionRejected(id, reason, correction, Elapsed(generatedAt, now)));

    private static Decision? Refusal(Guid id, FeedbackKind? decided) => decided is { } kind
        ? Decision.Refuse(DomainError.Conflict($"Suggestion {id} is already decided ({WireName.Of(kind)}); a suggestion takes one decision."))
        : null;


    private static long Elapsed(DateTimeOffset from, DateTimeOffset to) => Math.Max(0, (long)(to - from).TotalMilliseconds);
}
