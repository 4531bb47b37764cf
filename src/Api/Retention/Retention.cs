using ChiroClick.Projections.Retention;

namespace ChiroClick.Api.Retention;

/// <summary>Answer of <c>GET /api/v1/crm/retention/cohorts</c>.</summary>
/// <param name="AsOf">Time the figures are computed for.</param>
/// <param name="Cohorts">Cohorts oldest first; see <see cref="RetentionMath"/> for the definition.</param>
public sealed record CohortsView(DateTimeOffset AsOf, IReadOnlyList<RetentionCohort> Cohorts);

/// <summary>Answer of <c>GET /api/v1/crm/retention/churn</c>.</summary>
/// <param name="AsOf">Time the figures are computed for.</param>
/// <param name="ChurnThresholdDays">The clinic's churn threshold (days without a visit).</param>
/// <param name="Months">Churn per calendar month; see <see cref="RetentionMath"/>.</param>
public sealed record ChurnView(DateTimeOffset AsOf, int ChurnThresholdDays, IReadOnlyList<ChurnMonth> Months);

/// <summary>
/// Retention endpoints. Cohort = UTC calendar month of a patient's first visit; cell k = share of the
/// cohort with at least one visit in calendar month k after it (k = 0..12). Churned = no visit for at
/// least the clinic's churn threshold (days); churn rate of a month = patients whose churn moment (last
/// visit + threshold) fell in it ÷ patients active at its start. All figures use the visits' business time
/// (<c>VisitCompleted.CompletedAt</c>) and are read from the async <see cref="ClinicAnalyticsProjection"/>'s per-clinic
/// and per-clinic-month documents (a bounded number whatever the clinic's size); "now" is applied when read
/// (<see cref="ClinicAnalyticsFigures"/>). The threshold reported is the one the figures were computed with.
/// </summary>
public static class RetentionEndpoints
{
    /// <summary>The retention cohorts.</summary>
    [WolverineGet("/api/v1/crm/retention/cohorts", OperationId = "getRetentionCohorts", Summary = "Get retention by cohort (month of first visit × months since)")]
    public static async Task<CohortsView> Cohorts(IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var months = await session.Query<ClinicMonth>().ToListAsync(ct);
        return new CohortsView(now, ClinicAnalyticsFigures.Cohorts(months, now));
    }

    /// <summary>Churn per month.</summary>
    [WolverineGet("/api/v1/crm/retention/churn", OperationId = "getChurn", Summary = "Get churn per month")]
    public static async Task<ChurnView> Churn(IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (clinic, months, current) = await ClinicAnalyticsStore.RetentionAsync(session, now, ct);
        return new ChurnView(now, clinic.ChurnThresholdDays, ClinicAnalyticsFigures.Churn(months, current, now));
    }

    /// <summary>The dashboard summary.</summary>
    [WolverineGet("/api/v1/crm/retention", OperationId = "getRetentionSummary", Summary = "Get the retention summary")]
    public static async Task<RetentionSummary> Summary(IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (clinic, months, current) = await ClinicAnalyticsStore.RetentionAsync(session, now, ct);
        return ClinicAnalyticsFigures.Summary(clinic, months, current, now);
    }
}

/// <summary>Reads <see cref="ClinicAnalyticsProjection"/>'s documents for the session's clinic.</summary>
public static class ClinicAnalyticsStore
{
    /// <summary>The clinic document (empty figures before the first event).</summary>
    public static async Task<ClinicAnalytics> ClinicAsync(IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<ClinicAnalytics>(ClinicAnalytics.DocumentId, ct) ?? new ClinicAnalytics();

    /// <summary>One batched round trip: the clinic document, every month document and the moments of <paramref name="now"/>'s month.</summary>
    public static async Task<(ClinicAnalytics Clinic, IReadOnlyList<ClinicMonth> Months, ClinicMonthMoments? Current)> RetentionAsync(
        IQuerySession session, DateTimeOffset now, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var clinic = batch.Load<ClinicAnalytics>(ClinicAnalytics.DocumentId);
        var months = batch.Query<ClinicMonth>().ToList();
        var current = batch.Load<ClinicMonthMoments>(RetentionMath.MonthName(RetentionMath.MonthIndex(now)));
        await batch.Execute(ct);
        return (await clinic ?? new ClinicAnalytics(), await months, await current);
    }
}
