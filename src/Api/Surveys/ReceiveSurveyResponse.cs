using ChiroClick.Domain.Surveys;

namespace ChiroClick.Api.Surveys;

/// <summary>Body of <c>POST /api/v1/crm/surveys/{id}/responses</c>: score 0..10, optional comment, patient and time (default now).</summary>
public sealed record ReceiveSurveyResponse(int? Score, string? Comment = null, Guid? PatientId = null, DateTimeOffset? ReceivedAt = null);

/// <summary><c>POST /api/v1/crm/surveys/{id}/responses</c>.</summary>
public static class ReceiveSurveyResponseEndpoint
{
    /// <summary>400 for a score outside 0..10 or a time in the future.</summary>
    public static ProblemDetails Validate(ReceiveSurveyResponse command, TimeProvider clock)
    {
        var errors = new Dictionary<string, string[]>();
        if (command.Score is not { } s || !Nps.IsValidScore(s)) errors.Add("score", "score is required and must be 0..10.");
        if (command.ReceivedAt is { } at && at > clock.GetUtcNow().AddMinutes(5)) errors.Add("receivedAt", "receivedAt is in the future.");
        if (command.Comment is { Length: > SurveyDecisions.MaxCommentLength }) errors.Add("comment", "comment is too long.");
        return Problems.Validation(errors);
    }

    /// <summary>Records a response (SurveyResponseReceived); 404 for an unknown survey.</summary>
    [WolverinePost("/api/v1/crm/surveys/{id:guid}/responses", OperationId = "recordSurveyResponse", Summary = "Record a patient's answer (score 0–10 and comment)")]
    public static (IResult, Events) Receive(ReceiveSurveyResponse command, [WriteAggregate] Survey survey, TimeProvider clock)
    {
        var responseId = Guid.CreateVersion7();
        var decision = SurveyDecisions.Respond(survey, responseId, command.PatientId, command.Score!.Value, command.Comment, command.ReceivedAt,
            clock.GetUtcNow());
        if (decision.Error is { } error) return (Problems.From(error), new Events());
        return (Results.Created($"/api/v1/crm/surveys/{survey.Id}/responses", new { id = responseId, surveyId = survey.Id }), [.. decision.Events]);
    }
}
