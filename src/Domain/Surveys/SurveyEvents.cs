namespace ChiroClick.Domain.Surveys;

/// <summary>Marker for every event of a survey stream.</summary>
public interface ISurveyEvent
{
    /// <summary>The survey's id (= its stream id).</summary>
    Guid SurveyId { get; }
}

/// <summary>An NPS survey was created. Starts the survey stream.</summary>
/// <param name="SurveyId">Stream id.</param>
/// <param name="Name">Internal name, e.g. "NPS etter behandling".</param>
/// <param name="Question">The 0–10 question shown to patients.</param>
public sealed record SurveyCreated(Guid SurveyId, string Name, string Question) : ISurveyEvent;

/// <summary>The survey was sent to a patient.</summary>
/// <param name="SurveyId">Survey id.</param>
/// <param name="PatientId">Recipient.</param>
/// <param name="Channel">"sms" or "email".</param>
/// <param name="SentAt">When it was sent.</param>
public sealed record SurveySent(Guid SurveyId, Guid PatientId, string Channel, DateTimeOffset SentAt) : ISurveyEvent;

/// <summary>A patient answered the survey.</summary>
/// <param name="SurveyId">Survey id.</param>
/// <param name="ResponseId">Response id.</param>
/// <param name="PatientId">Who answered, when known.</param>
/// <param name="Score">0..10 (promoter 9–10, passive 7–8, detractor 0–6).</param>
/// <param name="Comment">Free text, or null.</param>
/// <param name="ReceivedAt">Business time of the answer; NPS months are taken from it (UTC).</param>
public sealed record SurveyResponseReceived(Guid SurveyId, Guid ResponseId, Guid? PatientId, int Score, string? Comment,
    DateTimeOffset ReceivedAt) : ISurveyEvent;

/// <summary>A comment came after the score (an SMS text within 24 hours of the score reply).</summary>
/// <param name="SurveyId">Survey id.</param>
/// <param name="ResponseId">The response it belongs to.</param>
/// <param name="Comment">The text.</param>
/// <param name="ReceivedAt">When it arrived.</param>
/// <param name="PatientId">The respondent (as on the response), so an erasure of the patient finds and masks the comment in the
/// shared survey stream; null on comments recorded before it was carried.</param>
public sealed record SurveyResponseCommented(Guid SurveyId, Guid ResponseId, string Comment, DateTimeOffset ReceivedAt, Guid? PatientId = null)
    : ISurveyEvent;

/// <summary>Net Promoter Score arithmetic (Reichheld): NPS = %promoters − %detractors, −100..100.</summary>
public static class Nps
{
    /// <summary>True for a valid score 0..10.</summary>
    public static bool IsValidScore(int score) => score is >= 0 and <= 10;

    /// <summary>Counts and NPS of a set of scores; NPS null when there are none. NPS is rounded to 1 decimal.</summary>
    public static NpsFigures Of(IEnumerable<int> scores)
    {
        int promoters = 0, passives = 0, detractors = 0;
        foreach (var s in scores)
        {
            if (s >= 9) promoters++;
            else if (s >= 7) passives++;
            else detractors++;
        }
        var total = promoters + passives + detractors;
        double? nps = total == 0 ? null : Math.Round(100.0 * (promoters - detractors) / total, 1);
        return new NpsFigures(total, promoters, passives, detractors, nps);
    }
}

/// <summary>NPS figures of a set of responses.</summary>
/// <param name="Responses">Number of responses.</param>
/// <param name="Promoters">Scores 9–10.</param>
/// <param name="Passives">Scores 7–8.</param>
/// <param name="Detractors">Scores 0–6.</param>
/// <param name="Score">NPS, −100..100 (1 decimal), null without responses.</param>
public sealed record NpsFigures(int Responses, int Promoters, int Passives, int Detractors, double? Score);
