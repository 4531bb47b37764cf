using JasperFx.Events;

namespace ChiroClick.Domain.Ai;

/// <summary>
/// The suggestion aggregate (stream id = suggestion id): what <see cref="AiSuggestionDecisions"/> needs to take
/// the one decision a suggestion gets. Rebuilt live from its one or two events (source-generated Create/Apply);
/// no snapshot document, so the output is stored only in the event and the read model <c>AiSuggestionView</c>.
/// </summary>
/// <param name="Id">Suggestion id.</param>
/// <param name="Output">The model's output, the base of a modification's edit distance.</param>
/// <param name="GeneratedAt">When AiSuggestionGenerated was stored (event timestamp, UTC).</param>
/// <param name="Feedback">The decision taken, or null while pending.</param>
public sealed record AiSuggestion(Guid Id, string Output, DateTimeOffset GeneratedAt, FeedbackKind? Feedback)
{
    /// <summary>Stream version; set by Marten.</summary>
    public int Version { get; init; }

    /// <summary>Starts the aggregate from the generation.</summary>
    public static AiSuggestion Create(IEvent<AiSuggestionGenerated> e) => new(e.Data.SuggestionId, e.Data.Output, e.Timestamp, null);

    /// <summary>Accepted as is.</summary>
    public AiSuggestion Apply(AiSuggestionAccepted e) => this with { Feedback = FeedbackKind.AcceptedAsIs };

    /// <summary>Modified (minor or major edit).</summary>
    public AiSuggestion Apply(AiSuggestionModified e) => this with { Feedback = e.CorrectionType };

    /// <summary>Rejected.</summary>
    public AiSuggestion Apply(AiSuggestionRejected e) => this with { Feedback = FeedbackKind.Rejected };
}
