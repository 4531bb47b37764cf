using ChiroClick.Domain.Common;

namespace ChiroClick.Domain.Surveys;

/// <summary>Pure decisions on surveys: creating one and recording an answer.</summary>
public static class SurveyDecisions
{
    /// <summary>The question a survey asks when none is given (Norwegian NPS question, 0–10).</summary>
    public const string DefaultQuestion = "Hvor sannsynlig er det at du vil anbefale klinikken til en venn eller kollega? (0–10)";

    /// <summary>Longest comment, in characters.</summary>
    public const int MaxCommentLength = 4000;

    /// <summary>Creates a survey: name trimmed, <see cref="DefaultQuestion"/> when <paramref name="question"/> is blank.</summary>
    public static SurveyCreated Create(Guid id, string name, string? question) =>
        new(id, name.Trim(), string.IsNullOrWhiteSpace(question) ? DefaultQuestion : question.Trim());

    /// <summary>Why an answer is invalid (no score, a score outside 0..10, a comment too long), or null.</summary>
    public static DomainError? CheckAnswer(int? score, string? comment)
    {
        if (score is not { } s || !Nps.IsValidScore(s)) return DomainError.Invalid("score must be a whole number 0..10.");
        if (comment is { Length: > MaxCommentLength }) return DomainError.Invalid($"comment is at most {MaxCommentLength} characters.");
        return null;
    }

    /// <summary>
    /// Records an answer with id <paramref name="responseId"/> at <paramref name="receivedAt"/> (UTC; default
    /// <paramref name="now"/>), the comment trimmed (blank → none). Invalid for a score outside 0..10 or a comment over
    /// <see cref="MaxCommentLength"/>; a conflict ("Already answered") when that response id is already recorded.
    /// </summary>
    public static Decision Respond(Survey survey, Guid responseId, Guid? patientId, int score, string? comment, DateTimeOffset? receivedAt,
        DateTimeOffset now)
    {
        if (CheckAnswer(score, comment) is { } invalid) return invalid;
        if (survey.ResponseIds.Contains(responseId))
            return DomainError.Conflict("This survey link has already been answered.", "Already answered");
        return Decision.Append(new SurveyResponseReceived(survey.Id, responseId, patientId, score,
            string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), receivedAt?.ToUniversalTime() ?? now));
    }

    /// <summary>
    /// A comment sent after the score (an SMS text within the comment window) on response <paramref name="responseId"/> of survey
    /// <paramref name="surveyId"/>, cut to <see cref="MaxCommentLength"/> characters; it carries the respondent so an erasure finds it.
    /// </summary>
    public static SurveyResponseCommented Comment(Guid surveyId, Guid responseId, Guid? patientId, string comment, DateTimeOffset now) =>
        new(surveyId, responseId, CutComment(comment)!, now, patientId);

    /// <summary>
    /// <paramref name="comment"/> cut to its first <see cref="MaxCommentLength"/> characters (null stays null), for comments
    /// that must not be refused for their length: a later comment, an SMS answer.
    /// </summary>
    public static string? CutComment(string? comment) =>
        comment is { Length: > MaxCommentLength } ? comment[..MaxCommentLength] : comment;
}
