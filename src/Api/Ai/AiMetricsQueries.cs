using ChiroClick.Domain.Ai;
using ChiroClick.Projections.Ai;

namespace ChiroClick.Api.Ai;

/// <summary>The AI metrics figures, for the endpoint and the command line (<c>export csv --projection ai-metrics</c>).</summary>
public static class AiMetricsQueries
{
    /// <summary>The clinic's metrics document (empty before the first suggestion).</summary>
    public static async Task<AiMetrics> LoadAsync(IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<AiMetrics>(AiMetrics.DocumentId, ct) ?? new AiMetrics();

    /// <summary>
    /// The rows between <paramref name="from"/> and <paramref name="to"/> (inclusive, either open) of one task (or all), newest day
    /// first, then by task, model and variant.
    /// </summary>
    public static IReadOnlyList<AiMetricsFigure> Figures(AiMetrics metrics, DateOnly? from, DateOnly? to, AiTask? task) =>
        metrics.Rows.Values
            .Where(r => (from is null || r.Day >= from) && (to is null || r.Day <= to) && (task is null || r.Task == task))
            .OrderByDescending(r => r.Day).ThenBy(r => r.Task).ThenBy(r => r.Model).ThenBy(r => r.Variant)
            .Select(ToFigure)
            .ToList();

    /// <summary>Turns a stored row into the published figures.</summary>
    public static AiMetricsFigure ToFigure(AiMetricsRow r)
    {
        var decided = r.AcceptedAsIs + r.MinorEdit + r.MajorEdit + r.Rejected;
        return new AiMetricsFigure(r.Day, r.Task, r.Model, r.Variant, r.Suggestions, r.AcceptedAsIs, r.MinorEdit, r.MajorEdit, r.Rejected,
            decided,
            decided == 0 ? null : Math.Round((double)(r.AcceptedAsIs + r.MinorEdit) / decided, 4),
            AiMetrics.Median(r.LatenciesMs),
            AiMetrics.Median(r.DecisionTimesMs));
    }
}
