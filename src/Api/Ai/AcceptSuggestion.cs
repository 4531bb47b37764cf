using ChiroClick.Domain.Ai;

namespace ChiroClick.Api.Ai;

/// <summary>Answer to a decision: the suggestion, the feedback kind, time to decision (ms) and, for a modification, the normalised edit distance (0..1).</summary>
public sealed record SuggestionDecided(Guid Id, FeedbackKind Feedback, long TimeToDecisionMs, double? EditDistance = null);

/// <summary>
/// <c>POST /api/v1/ai/suggestions/{id}/accept</c> (no body): AiSuggestionAccepted with the time since
/// generation. 404 unknown suggestion; 409 when it already has a decision.
/// </summary>
public static class AcceptSuggestionEndpoint
{
    /// <summary>Decides and appends.</summary>
    [WolverinePost("/api/v1/ai/suggestions/{id:guid}/accept", OperationId = "acceptSuggestion", Summary = "Accept an AI suggestion as it is")]
    [ChiroClick.Api.Common.BusinessRuleResponse]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<SuggestionDecided>(200)]
    public static (IResult, Events) Post([WriteAggregate] AiSuggestion suggestion, TimeProvider clock)
    {
        var decision = AiSuggestionDecisions.Accept(suggestion, clock.GetUtcNow());
        if (decision.Error is { } error) return (Problems.From(error), new Events());
        var accepted = (AiSuggestionAccepted)decision.Events[0];
        return (Results.Ok(new SuggestionDecided(suggestion.Id, FeedbackKind.AcceptedAsIs, accepted.TimeToDecisionMs)), [.. decision.Events]);
    }
}
