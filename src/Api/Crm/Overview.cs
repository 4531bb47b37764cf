using ChiroClick.Domain.Leads;
using ChiroClick.Domain.Patients;
using ChiroClick.Domain.Surveys;
using ChiroClick.Projections.Leads;
using ChiroClick.Projections.Patients;
using ChiroClick.Projections.Retention;
using ChiroClick.Projections.Surveys;
using Marten;
using Wolverine.Http;

namespace ChiroClick.Api.Crm;

/// <summary>The CRM overview.</summary>
/// <param name="AsOf">Time of the figures.</param>
/// <param name="LeadsPerStage">Leads now in each lead stage.</param>
/// <param name="PatientsPerStage">Patients now in each lifecycle stage.</param>
/// <param name="Nps">NPS over all responses.</param>
/// <param name="VisitsThisMonth">Visits whose completedAt falls in the current UTC calendar month.</param>
/// <param name="OpenWaitlistEntries">Waitlist entries still open.</param>
public sealed record CrmOverview(
    DateTimeOffset AsOf,
    IReadOnlyDictionary<LeadStage, int> LeadsPerStage,
    IReadOnlyDictionary<LifecycleStage, int> PatientsPerStage,
    NpsFigures Nps,
    int VisitsThisMonth,
    int OpenWaitlistEntries);

/// <summary><c>GET /api/v1/crm/overview</c>: read from the inline read models, so it reflects the caller's own writes.</summary>
public static class OverviewEndpoint
{
    /// <summary>Builds the overview.</summary>
    [WolverineGet("/api/v1/crm/overview", OperationId = "getOverview", Summary = "Get the clinic's dashboard figures")]
    public static async Task<CrmOverview> Get(IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var leadStages = await session.Query<LeadSummary>().Select(x => x.Stage).ToListAsync(ct);
        var patientStages = await session.Query<PatientSummary>().Select(x => x.Stage).ToListAsync(ct);
        var scores = (await session.Query<SurveySummary>().ToListAsync(ct)).SelectMany(s => s.Responses).Select(r => r.Score);
        var monthStart = RetentionMath.MonthStart(RetentionMath.MonthIndex(now));
        var visits = await session.Events.QueryRawEventDataOnly<VisitCompleted>()
            .CountAsync(x => x.CompletedAt >= monthStart && x.CompletedAt <= now, ct);
        return new CrmOverview(now,
            LeadStages.All.ToDictionary(s => s, s => leadStages.Count(x => x == s)),
            Enum.GetValues<LifecycleStage>().ToDictionary(s => s, s => patientStages.Count(x => x == s)),
            Nps.Of(scores), visits, await session.Query<ChiroClick.Projections.Waitlist.WaitlistEntrySummary>().CountAsync(x => x.Open, ct));
    }
}
