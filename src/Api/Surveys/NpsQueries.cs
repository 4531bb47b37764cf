using ChiroClick.Domain.Surveys;
using ChiroClick.Projections.Retention;
using ChiroClick.Projections.Surveys;

namespace ChiroClick.Api.Surveys;

/// <summary>NPS of one UTC calendar month ("yyyy-MM").</summary>
public sealed record NpsMonth(string Month, NpsFigures Figures);

/// <summary>NPS overall and per month (by the responses' receivedAt).</summary>
public sealed record NpsStats(NpsFigures Overall, IReadOnlyList<NpsMonth> Months);

/// <summary>NPS figures, for the endpoints (stats, overview) and the command line (demo, <c>export csv</c>).</summary>
public static class NpsQueries
{
    /// <summary>
    /// NPS of one survey (or all, <paramref name="surveyId"/> null), overall and per month, from the per-month
    /// <see cref="NpsMonthCounts"/> documents of the async <see cref="ClinicAnalyticsProjection"/>.
    /// </summary>
    public static async Task<NpsStats> StatsAsync(IQuerySession session, Guid? surveyId, CancellationToken ct)
    {
        var scope = surveyId?.ToString() ?? "all";
        var months = await session.Query<NpsMonthCounts>().Where(x => x.Scope == scope).ToListAsync(ct);
        return Of(months);
    }

    /// <summary>NPS overall and per month from per-month counts.</summary>
    public static NpsStats Of(IReadOnlyList<NpsMonthCounts> months)
    {
        var ordered = months.OrderBy(m => m.Month, StringComparer.Ordinal).ToList();
        return new(Figures(ordered.Sum(m => m.Promoters), ordered.Sum(m => m.Passives), ordered.Sum(m => m.Detractors)),
            ordered.Select(m => new NpsMonth(m.Month, Figures(m.Promoters, m.Passives, m.Detractors))).ToList());
    }

    /// <summary>NPS figures from counts, with <see cref="Nps.Of"/>'s rounding (1 decimal, null without responses).</summary>
    public static NpsFigures Figures(int promoters, int passives, int detractors)
    {
        var total = promoters + passives + detractors;
        return new NpsFigures(total, promoters, passives, detractors, total == 0 ? null : Math.Round(100.0 * (promoters - detractors) / total, 1));
    }

    /// <summary>Reference computation (tests, demo, CSV export): NPS figures of a set of responses, months from <see cref="SurveyResponse.ReceivedAt"/> (UTC).</summary>
    public static NpsStats Of(IReadOnlyList<SurveyResponse> responses) => new(
        Nps.Of(responses.Select(r => r.Score)),
        responses.GroupBy(r => r.ReceivedAt.UtcDateTime.ToString("yyyy-MM")).OrderBy(g => g.Key)
            .Select(g => new NpsMonth(g.Key, Nps.Of(g.Select(r => r.Score)))).ToList());
}
