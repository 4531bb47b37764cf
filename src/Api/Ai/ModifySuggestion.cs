using ChiroClick.AiGateway.Feedback;
using ChiroClick.Domain.Ai;

namespace ChiroClick.Api.Ai;

/// <summary>Body of <c>POST /api/v1/ai/suggestions/{id}/modify</c>: the clinician's corrected text.</summary>
public sealed record ModifySuggestion(string? Text);

/// <summary>
/// Records the correction as AiSuggestionModified: minor_edit when the normalised Levenshtein distance
/// to the output is ≤ <see cref="AiSuggestionDecisions.MinorEditThreshold"/> (0.2), else major_edit.
/// 400 empty text; 404 unknown suggestion; 409 already decided.
/// </summary>
public static class ModifySuggestionEndpoint
{
    /// <summary>400 without text.</summary>
    public static ProblemDetails Validate(ModifySuggestion command)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(command.Text)) errors.Add("text", "text is required: the corrected suggestion.");
        else if (command.Text.Length > SuggestionSupport.MaxTextLength) errors.Add("text", $"text is longer than {SuggestionSupport.MaxTextLength} characters.");
        return Problems.Validation(errors);
    }

    /// <summary>Decides and appends.</summary>
    [WolverinePost("/api/v1/ai/suggestions/{id:guid}/modify", OperationId = "modifySuggestion", Summary = "Accept an AI suggestion with the clinician's correction")]
    [ChiroClick.Api.Common.BusinessRuleResponse]
    [ProducesResponseType<SuggestionDecided>(200)]
    public static (IResult, Events) Post(ModifySuggestion command, [WriteAggregate] AiSuggestion suggestion, TimeProvider clock)
    {
        var distance = EditDistance.Normalised(suggestion.Output, command.Text!);
        var decision = AiSuggestionDecisions.Modify(suggestion, clock.GetUtcNow(), command.Text!, distance);
        if (decision.Error is { } error) return (Problems.From(error), new Events());
        var modified = (AiSuggestionModified)decision.Events[0];
        return (Results.Ok(new SuggestionDecided(suggestion.Id, modified.CorrectionType, modified.TimeToDecisionMs, modified.EditDistance)),
            [.. decision.Events]);
    }
}
