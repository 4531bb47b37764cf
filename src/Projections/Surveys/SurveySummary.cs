using ChiroClick.Domain.Surveys;

namespace ChiroClick.Projections.Surveys;

/// <summary>One answer to a survey.</summary>
/// <param name="ResponseId">Response id.</param>
/// <param name="PatientId">Who answered, when known.</param>
/// <param name="Score">0..10.</param>
/// <param name="Comment">Comment or null.</param>
/// <param name="ReceivedAt">Business time of the answer (UTC).</param>
public sealed record SurveyResponse(Guid ResponseId, Guid? PatientId, int Score, string? Comment, DateTimeOffset ReceivedAt);

/// <summary>A survey with its sends and responses (inline); NPS figures are computed from the responses.</summary>
public sealed class SurveySummary
{
    /// <summary>Survey id.</summary>
    public Guid Id { get; set; }
    /// <summary>Stream version.</summary>
    public int Version { get; set; }
    /// <summary>Name.</summary>
    public string Name { get; set; } = "";
    /// <summary>The 0–10 question.</summary>
    public string Question { get; set; } = "";
    /// <summary>Number of sends.</summary>
    public int Sent { get; set; }
    /// <summary>Responses in arrival order.</summary>
    public List<SurveyResponse> Responses { get; set; } = new();
    /// <summary>When it was created (event timestamp).</summary>
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Inline single-stream projection building <see cref="SurveySummary"/>.</summary>
public sealed class SurveySummaryProjection : SingleStreamProjection<SurveySummary, Guid>
{
    /// <summary>Starts the summary.</summary>
    public static SurveySummary Create(IEvent<SurveyCreated> e) =>
        new() { Id = e.Data.SurveyId, Name = e.Data.Name, Question = e.Data.Question, CreatedAt = e.Timestamp };

    /// <summary>Counts a send.</summary>
    public static void Apply(SurveySent e, SurveySummary s) => s.Sent++;

    /// <summary>Adds a response.</summary>
    public static void Apply(SurveyResponseReceived e, SurveySummary s) =>
        s.Responses.Add(new SurveyResponse(e.ResponseId, e.PatientId, e.Score, e.Comment, e.ReceivedAt));

    /// <summary>Puts the comment on its response (a later comment is appended on a new line).</summary>
    public static void Apply(SurveyResponseCommented e, SurveySummary s)
    {
        var i = s.Responses.FindIndex(r => r.ResponseId == e.ResponseId);
        if (i >= 0) s.Responses[i] = s.Responses[i] with { Comment = s.Responses[i].Comment is { } c ? c + "\n" + e.Comment : e.Comment };
    }
}
