using ChiroClick.Api.Patients;
using ChiroClick.Api.Retention;
using ChiroClick.Projections.Patients;
using ChiroClick.Projections.Retention;
using ChiroClick.Tests.Infrastructure;
using JasperFx.Events.Daemon;
using Microsoft.Extensions.DependencyInjection;
using ChiroClick.Tests.Patients;

namespace ChiroClick.Tests.Retention;

public sealed class RetentionTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private static DateTimeOffset At(int month, int day) => new(2025, month, day, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AsOf = new(2025, 7, 15, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A: Jan 10, Jan 20, Feb 5, Apr 1 · B: Jan 15, Mar 20 · C: Feb 10, Feb 25, Jun 30 · D: no visit.
    /// Churn threshold 60 days, as of 2025-07-15 12:00 UTC. Expected figures worked out by hand in the asserts.
    /// </summary>
    private async Task SeedAsync()
    {
        Fixture.Clock.SetUtcNow(AsOf);
        await As(s => s.Put.Json(new { churnThresholdDays = 60 }).ToUrl("/api/v1/crm/settings"));
        var a = await Host.RegisteredPatient(Clinic, "A");
        var b = await Host.RegisteredPatient(Clinic, "B");
        var c = await Host.RegisteredPatient(Clinic, "C");
        await Host.RegisteredPatient(Clinic, "D");
        foreach (var at in new[] { At(1, 10), At(1, 20), At(2, 5), At(4, 1) }) await Host.Visited(Clinic, a.Id, at);
        foreach (var at in new[] { At(3, 20), At(1, 15) }) await Host.Visited(Clinic, b.Id, at); // out of order on purpose
        foreach (var at in new[] { At(2, 10), At(2, 25), At(6, 30) }) await Host.Visited(Clinic, c.Id, at);
    }

    [Fact]
    public async Task cohorts_match_the_hand_computed_table()
    {
        await SeedAsync();

        await WaitForProjections();
        var view = await Host.GetJson<CohortsView>(Clinic, "/api/v1/crm/retention/cohorts");

        view.Cohorts.Count.ShouldBe(2);
        var jan = view.Cohorts[0];
        jan.Month.ShouldBe("2025-01");
        jan.Size.ShouldBe(2);
        jan.Retention.ShouldBe([1.0, 0.5, 0.5, 0.5, 0, 0, 0, null, null, null, null, null, null]);
        var feb = view.Cohorts[1];
        feb.Month.ShouldBe("2025-02");
        feb.Size.ShouldBe(1);
        feb.Retained.ShouldBe([1, 0, 0, 0, 1, 0, null, null, null, null, null, null, null]);
    }

    [Fact]
    public async Task churn_and_dashboard_match_the_hand_computed_figures()
    {
        await SeedAsync();

        await WaitForProjections();
        var churn = await Host.GetJson<ChurnView>(Clinic, "/api/v1/crm/retention/churn");
        churn.ChurnThresholdDays.ShouldBe(60);
        churn.Months.ShouldBe([
            new ChurnMonth("2025-01", 0, 0, null),
            new ChurnMonth("2025-02", 2, 0, 0),
            new ChurnMonth("2025-03", 3, 1, 0.3333), // B: Jan 15 + 60 d = Mar 16, next visit Mar 20
            new ChurnMonth("2025-04", 3, 1, 0.3333), // C: Feb 25 + 60 d = Apr 26; A came back Apr 1 before Apr 6
            new ChurnMonth("2025-05", 2, 2, 1),      // B: May 19, A: May 31
            new ChurnMonth("2025-06", 0, 0, null),
            new ChurnMonth("2025-07", 1, 0, 0),      // C active again from Jun 30
        ]);

        await WaitForProjections();
        var summary = await Host.GetJson<RetentionSummary>(Clinic, "/api/v1/crm/retention");
        summary.RegisteredPatients.ShouldBe(4);
        summary.PatientsWithVisits.ShouldBe(3);
        summary.ActivePatients.ShouldBe(1);
        summary.ChurnedPatients.ShouldBe(2);
        summary.ChurnedShare.ShouldBe(0.6667);
        summary.ReturningShare.ShouldBe(1);
        summary.AverageVisitsPerPatient.ShouldBe(3);
        summary.MonthOneRetention.ShouldBe(0.3333);
        summary.LastCompleteMonth!.Month.ShouldBe("2025-06");
    }

    [Fact]
    public async Task rebuilding_the_visit_projections_reproduces_the_figures()
    {
        await SeedAsync();
        await WaitForProjections();
        var cohorts = await Host.GetJson<CohortsView>(Clinic, "/api/v1/crm/retention/cohorts");
        await WaitForProjections();
        var churn = await Host.GetJson<ChurnView>(Clinic, "/api/v1/crm/retention/churn");
        await WaitForProjections();
        var stats = await Host.GetJson<LifecycleStats>(Clinic, "/api/v1/crm/lifecycle/stats");

        var coordinator = Host.Services.GetRequiredService<IProjectionCoordinator>();
        await coordinator.PauseAsync();
        try
        {
            using var daemon = await Store.BuildProjectionDaemonAsync();
            await daemon.RebuildProjectionAsync<PatientVisitsProjection>(TimeSpan.FromMinutes(1), CancellationToken.None);
            await daemon.RebuildProjectionAsync<PatientSummaryProjection>(TimeSpan.FromMinutes(1), CancellationToken.None);
            await daemon.RebuildProjectionAsync(ChiroClick.Projections.Retention.ClinicAnalyticsProjection.Name, TimeSpan.FromMinutes(1), CancellationToken.None);
        }
        finally
        {
            await coordinator.ResumeAsync();
        }

        await WaitForProjections();
        var cohortsAfter = await Host.GetJson<CohortsView>(Clinic, "/api/v1/crm/retention/cohorts");
        cohortsAfter.Cohorts.Select(c => (c.Month, c.Size, string.Join(",", c.Retained))).ShouldBe(
            cohorts.Cohorts.Select(c => (c.Month, c.Size, string.Join(",", c.Retained))));
        await WaitForProjections();
        (await Host.GetJson<ChurnView>(Clinic, "/api/v1/crm/retention/churn")).Months.ShouldBe(churn.Months);
        await WaitForProjections();
        var statsAfter = await Host.GetJson<LifecycleStats>(Clinic, "/api/v1/crm/lifecycle/stats");
        statsAfter.Stages.ShouldBe(stats.Stages);
    }
}
