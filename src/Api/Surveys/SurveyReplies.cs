using System.Globalization;
using ChiroClick.Domain.Surveys;

namespace ChiroClick.Api.Surveys;

/// <summary>A patient's SMS answer to a survey question, recorded on the survey.</summary>
public static class SurveyReplies
{
    /// <summary>
    /// Records the score <paramref name="first"/> (the reply's first word: a whole number 0–10) with the rest of
    /// <paramref name="body"/> as its comment (cut to <see cref="SurveyDecisions.MaxCommentLength"/>), as response
    /// UUIDv5(<paramref name="questionId"/>, "response") of <paramref name="surveyId"/>, through <see cref="SurveyDecisions.Respond"/>
    /// (the decision the survey link and the API use too). Returns the response id, or null when the word is no score, the
    /// survey is unknown or the decision refuses. The caller saves the session.
    /// </summary>
    public static async Task<Guid?> RecordScoreAsync(IDocumentSession session, Guid questionId, Guid surveyId, Guid? patientId, string first,
        string body, DateTimeOffset now, CancellationToken ct)
    {
        if (!int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var score) || !Nps.IsValidScore(score)) return null;
        var responseId = Import.DeterministicGuid.Create(questionId, "response");
        // An SMS answer is never refused for its length: cut like a later comment.
        var comment = SurveyDecisions.CutComment(body.Length > first.Length ? body[first.Length..].Trim() : null);
        var stream = await session.Events.FetchForWriting<Survey>(surveyId, ct);
        if (stream.Aggregate is not { } survey) return null;
        var decision = SurveyDecisions.Respond(survey, responseId, patientId, score, comment, null, now);
        if (!decision.Accepted) return null;
        stream.AppendMany(decision.Events);
        return responseId;
    }

    /// <summary>
    /// Records <paramref name="body"/> as the comment on response <paramref name="responseId"/> of <paramref name="surveyId"/>
    /// (<see cref="SurveyDecisions.Comment"/>), appended at the survey's version read. The caller saves the session.
    /// </summary>
    public static async Task RecordCommentAsync(IDocumentSession session, Guid surveyId, Guid responseId, Guid? patientId, string body,
        DateTimeOffset now, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Survey>(surveyId, ct);
        stream.AppendOne(SurveyDecisions.Comment(surveyId, responseId, patientId, body, now));
    }
}
