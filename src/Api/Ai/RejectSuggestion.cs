using ChiroClick.Domain.Ai;

namespace ChiroClick.Api.Ai;

/// <summary>Body of <c>POST /api/v1/ai/suggestions/{id}/reject</c>: why, and optionally what it should have said.</summary>
public sealed record RejectSuggestion(string? Reason, string? Correction = null);

/// <summary>Records AiSuggestionRejected. 400 without reason; 404 unknown suggestion; 409 already decided.</summary>
public static class RejectSuggestionEndpoint
{
    /// <summary>400 without reason.</summary>
    public static ProblemDetails Validate(RejectSuggestion command)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(command.Reason)) errors.Add("reason", "reason is required: why the suggestion is wrong.");
        if (command.Correction?.Length > SuggestionSupport.MaxTextLength) errors.Add("correction", $"correction is longer than {SuggestionSupport.MaxTextLength} characters.");
        return Problems.Validation(errors);
    }

    /// <summary>Decides and appends.</summary>
    [WolverinePost("/api/v1/ai/suggestions/{id:guid}/reject", OperationId = "rejectSuggestion", Summary = "Reject an AI suggestion (optionally with what it should have said)")]
    [ChiroClick.Api.Common.BusinessRuleResponse]
    [ProducesResponseType<SuggestionDecided>(200)]
    public static (IResult, Events) Post(RejectSuggestion command, [WriteAggregate] AiSuggestion suggestion, TimeProvider clock)
    {
        var correction = string.IsNullOrWhiteSpace(command.Correction) ? null : command.Correction;
        var decision = AiSuggestionDecisions.Reject(suggestion, clock.GetUtcNow(), command.Reason!.Trim(), correction);
        if (decision.Error is { } error) return (Problems.From(error), new Events());
        var rejected = (AiSuggestionRejected)decision.Events[0];
        return (Results.Ok(new SuggestionDecided(suggestion.Id, FeedbackKind.Rejected, rejected.TimeToDecisionMs)), [.. decision.Events]);
    }
}
