using ChiroClick.Domain.Leads;
using ChiroClick.Domain.Patients;
using ChiroClick.Domain.Surveys;
using ChiroClick.Projections.Leads;
using ChiroClick.Projections.Patients;
using ChiroClick.Projections.Retention;
using ChiroClick.Projections.Surveys;
using ChiroClick.Api.Surveys;

namespace ChiroClick.Api.Clinics;

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

/// <summary>
/// <c>GET /api/v1/crm/overview</c>: three documents of async projections (the clinic's <see cref="LeadPipeline"/>,
/// <see cref="ClinicAnalytics"/> and this month's <see cref="ClinicMonth"/>), so it trails the latest writes by the
/// daemon's lag (typically well under a second).
/// </summary>
public static class OverviewEndpoint
{
    /// <summary>Builds the overview.</summary>
    [WolverineGet("/api/v1/crm/overview", OperationId = "getOverview", Summary = "Get the clinic's dashboard figures")]
    public static async Task<CrmOverview> Get(IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var batch = session.CreateBatchQuery();
        var pipelineTask = batch.Load<LeadPipeline>(LeadPipeline.DocumentId);
        var clinicTask = batch.Load<ClinicAnalytics>(ClinicAnalytics.DocumentId);
        var monthTask = batch.Load<ClinicMonth>(RetentionMath.MonthName(RetentionMath.MonthIndex(now)));
        await batch.Execute(ct);
        var pipeline = await pipelineTask ?? new LeadPipeline();
        var clinic = await clinicTask ?? new ClinicAnalytics();
        var month = await monthTask;
        return new CrmOverview(now,
            LeadStages.All.ToDictionary(s => s, s => pipeline.StageCounts.GetValueOrDefault(s)),
            Enum.GetValues<LifecycleStage>().ToDictionary(s => s, s => clinic.Stages.GetValueOrDefault(s)),
            NpsQueries.Figures(clinic.Promoters, clinic.Passives, clinic.Detractors), month?.Visits ?? 0, clinic.OpenWaitlistEntries);
    }

    /// <summary>Reference computation (tests): the same figures from the inline read models and the raw events.</summary>
    public static async Task<CrmOverview> ReferenceAsync(IQuerySession session, DateTimeOffset now, CancellationToken ct)
    {
        // Whole documents: Marten's scalar Select of an enum parses the stored wire name ("at_risk") with Enum.Parse and fails.
        var leadStages = (await session.Query<LeadSummary>().ToListAsync(ct)).Select(x => x.Stage).ToList();
        var patientStages = (await session.Query<PatientSummary>().ToListAsync(ct)).Select(x => x.Stage).ToList();
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
