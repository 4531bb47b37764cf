using ChiroClick.Projections.Retention;

namespace ChiroClick.Api.Surveys;

/// <summary><c>GET /api/v1/crm/surveys/nps/stats</c>.</summary>
public static class GetNpsStatsEndpoint
{
    /// <summary>
    /// NPS over all surveys (or one, <c>?surveyId=</c>), overall and per month, from the per-month
    /// <see cref="NpsMonthCounts"/> documents of the async <see cref="ClinicAnalyticsProjection"/>.
    /// </summary>
    [WolverineGet("/api/v1/crm/surveys/nps/stats", OperationId = "getNpsStats", Summary = "Get NPS (overall and per month)")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<NpsStats>(200)]
    public static async Task<IResult> Stats(IQuerySession session, string? surveyId, CancellationToken ct)
    {
        if (QueryValues.Guid(surveyId, "surveyId", out var survey) is { } bad) return bad;
        return Results.Ok(await NpsQueries.StatsAsync(session, survey, ct));
    }
}
