using System.Collections.Immutable;

namespace ChiroClick.Domain.Surveys;

/// <summary>
/// The survey aggregate (stream id = survey id): enough for <see cref="SurveyDecisions"/> to send the survey and
/// accept responses once each. Rebuilt live (source-generated Create/Apply).
/// </summary>
public sealed record Survey(Guid Id, string Name, string Question, int Sent, int Responses)
{
    /// <summary>Stream version.</summary>
    public int Version { get; init; }

    /// <summary>Ids of the responses recorded so far (a response id answers once).</summary>
    public ImmutableHashSet<Guid> ResponseIds { get; init; } = [];

    /// <summary>Starts the aggregate.</summary>
    public static Survey Create(SurveyCreated e) => new(e.SurveyId, e.Name, e.Question, 0, 0);

    /// <summary>Counts a send.</summary>
    public Survey Apply(SurveySent e) => this with { Sent = Sent + 1 };

    /// <summary>Counts a response and remembers its id.</summary>
    public Survey Apply(SurveyResponseReceived e) => this with { Responses = Responses + 1, ResponseIds = ResponseIds.Add(e.ResponseId) };
}
