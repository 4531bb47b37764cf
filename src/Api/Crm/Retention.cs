using ChiroClick.Projections.Patients;
using ChiroClick.Projections.Retention;
using Marten;
using Wolverine.Http;

namespace ChiroClick.Api.Crm;

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
/// (<c>VisitCompleted.CompletedAt</c>) and are computed from the inline <see cref="PatientVisits"/> on each request.
/// </summary>
public static class RetentionEndpoints
{
    /// <summary>The retention cohorts.</summary>
    [WolverineGet("/api/v1/crm/retention/cohorts", OperationId = "getRetentionCohorts", Summary = "Get retention by cohort (month of first visit × months since)")]
    public static async Task<CohortsView> Cohorts(IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return new CohortsView(now, RetentionMath.Cohorts(await VisitTimesAsync(session, ct), now));
    }

    /// <summary>Churn per month.</summary>
    [WolverineGet("/api/v1/crm/retention/churn", OperationId = "getChurn", Summary = "Get churn per month")]
    public static async Task<ChurnView> Churn(IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var settings = await ClinicSettingsStore.ForSessionAsync(session, ct);
        return new ChurnView(now, settings.ChurnThresholdDays, RetentionMath.Churn(await VisitTimesAsync(session, ct), now, settings.ChurnThresholdDays));
    }

    /// <summary>The dashboard summary.</summary>
    [WolverineGet("/api/v1/crm/retention", OperationId = "getRetentionSummary", Summary = "Get the retention summary")]
    public static async Task<RetentionSummary> Summary(IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var settings = await ClinicSettingsStore.ForSessionAsync(session, ct);
        var visits = await VisitTimesAsync(session, ct);
        return RetentionMath.Summary(visits, visits.Count, now, settings.ChurnThresholdDays);
    }

    /// <summary>Every patient's visit times (one list per registered patient, possibly empty).</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<DateTimeOffset>>> VisitTimesAsync(IQuerySession session, CancellationToken ct)
    {
        var docs = await session.Query<PatientVisits>().ToListAsync(ct);
        return docs.Select(d => (IReadOnlyList<DateTimeOffset>)d.Visits.Select(v => v.CompletedAt).ToList()).ToList();
    }
}
