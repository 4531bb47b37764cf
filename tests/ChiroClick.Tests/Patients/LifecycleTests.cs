using ChiroClick.Api.Common;
using ChiroClick.Api.Patients;
using ChiroClick.Domain.Clinics;
using ChiroClick.Domain.Patients;
using ChiroClick.Projections.Patients;
using ChiroClick.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace ChiroClick.Tests.Patients;

public sealed class LifecycleTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private async Task Sweep()
    {
        using var scope = Host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeForTenantAsync(Clinic.Id.ToString(), new SweepLifecycle());
    }

    [Fact]
    public async Task settings_default_to_30_and_90_days_and_change_by_put()
    {
        var settings = await Host.GetJson<ClinicSettings>(Clinic, "/api/v1/crm/settings");
        settings.CheckInFrequencyDays.ShouldBe(30);
        settings.ChurnThresholdDays.ShouldBe(90);

        await As(s => { s.Put.Json(new { checkInFrequencyDays = 0 }).ToUrl("/api/v1/crm/settings"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Put.Json(new { churnThresholdDays = 60 }).ToUrl("/api/v1/crm/settings"); s.StatusCodeShouldBe(200); });

        var after = await Host.GetJson<ClinicSettings>(Clinic, "/api/v1/crm/settings");
        after.SameAs(new ClinicSettings(30, 60, 2, false)).ShouldBeTrue();
        after.ReminderHoursBefore.ShouldBe([48, 2]);
        await using var session = Store.QuerySession(Clinic.Id.ToString());
        var events = await session.Events.FetchStreamAsync(Clinic.Id);
        events.Last().Data.ShouldBeOfType<ClinicSettingsChanged>().Settings.ChurnThresholdDays.ShouldBe(60);
        var other = await Fixture.NewClinicAsync("Other");
        (await Host.GetJson<ClinicSettings>(other, "/api/v1/crm/settings")).ChurnThresholdDays.ShouldBe(90);
    }

    [Fact]
    public async Task the_scheduled_sweep_moves_patients_as_the_clock_advances_and_a_visit_reactivates()
    {
        var p = await Host.RegisteredPatient(Clinic);
        var never = await Host.RegisteredPatient(Clinic, "Aldri besøkt", phone: null);
        var start = Fixture.Clock.GetUtcNow();
        await Host.Visited(Clinic, p.Id, start.AddDays(-10));

        await Sweep();
        (await Host.Patient(Clinic, p.Id)).Stage.ShouldBe(LifecycleStage.Active);

        Fixture.Clock.Advance(TimeSpan.FromDays(25)); // 35 days since the visit ≥ 1 × 30
        await Sweep();
        (await Host.Patient(Clinic, p.Id)).Stage.ShouldBe(LifecycleStage.AtRisk);

        Fixture.Clock.Advance(TimeSpan.FromDays(60)); // 95 days ≥ 3 × 30
        await Host.Services.GetRequiredService<LifecycleScheduler>().RunForEveryClinicAsync(CancellationToken.None);
        (await Host.Patient(Clinic, p.Id)).Stage.ShouldBe(LifecycleStage.Inactive);

        await Sweep(); // nothing more is due: no event
        await Host.Visited(Clinic, p.Id);
        (await Host.Patient(Clinic, p.Id)).Stage.ShouldBe(LifecycleStage.Reactivated);
        (await Host.Patient(Clinic, never.Id)).Stage.ShouldBe(LifecycleStage.New);

        await using var session = Store.QuerySession(Clinic.Id.ToString());
        var moves = (await session.Events.FetchStreamAsync(p.Id)).Select(e => e.Data).OfType<LifecycleStageChanged>().ToList();
        moves.Select(m => (m.From, m.To, m.Automatic)).ShouldBe([
            (LifecycleStage.New, LifecycleStage.Active, true),
            (LifecycleStage.Active, LifecycleStage.AtRisk, true),
            (LifecycleStage.AtRisk, LifecycleStage.Inactive, true),
            (LifecycleStage.Inactive, LifecycleStage.Reactivated, true),
        ]);
        moves[1].Reason.ShouldBe("no visit for 35 days (check-in frequency 30 days)");
        moves[1].ChangedAt.ShouldBe(start.AddDays(25), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task a_visit_after_a_long_gap_records_the_lapse_and_reactivates()
    {
        var p = await Host.RegisteredPatient(Clinic);
        var now = Fixture.Clock.GetUtcNow();
        await Host.Visited(Clinic, p.Id, now.AddDays(-400));
        var second = await Host.Visited(Clinic, p.Id, now.AddDays(-10)); // 390 days later ≥ 6 × 30: lost, then back

        second.Stage.ShouldBe(LifecycleStage.Reactivated);
        await using var session = Store.QuerySession(Clinic.Id.ToString());
        var moves = (await session.Events.FetchStreamAsync(p.Id)).Select(e => e.Data).OfType<LifecycleStageChanged>().Select(m => m.To).ToList();
        moves.ShouldBe([LifecycleStage.Active, LifecycleStage.Lost, LifecycleStage.Reactivated]);
    }

    [Fact]
    public async Task manual_moves_lists_and_stats()
    {
        var a = await Host.RegisteredPatient(Clinic, "A");
        var b = await Host.RegisteredPatient(Clinic, "B");
        await Host.RegisteredPatient(Clinic, "C");
        await Host.Visited(Clinic, a.Id);

        await As(s => { s.Put.Json(new { stage = "lost" }).ToUrl($"/api/v1/crm/lifecycle/{b.Id}"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Put.Json(new { stage = "nonsense", reason = "x" }).ToUrl($"/api/v1/crm/lifecycle/{b.Id}"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Put.Json(new { stage = "lost", reason = "x" }).ToUrl($"/api/v1/crm/lifecycle/{Guid.NewGuid()}"); s.StatusCodeShouldBe(404); });
        await As(s => { s.Put.Json(new { stage = "reactivated", reason = "x" }).ToUrl($"/api/v1/crm/lifecycle/{b.Id}"); s.StatusCodeShouldBe(422); });
        await As(s => { s.Put.Json(new { stage = "lost", reason = "Flyttet til Bergen" }).ToUrl($"/api/v1/crm/lifecycle/{b.Id}"); s.StatusCodeShouldBe(200); });
        await As(s => { s.Get.Url("/api/v1/crm/lifecycle?stage=gone"); s.StatusCodeShouldBe(400); });

        var lost = await Host.GetJson<Paged<PatientSummary>>(Clinic, "/api/v1/crm/lifecycle?stage=lost");
        lost.Items.Single().Id.ShouldBe(b.Id);
        (await Host.GetJson<Paged<PatientSummary>>(Clinic, "/api/v1/crm/lifecycle?page=1&pageSize=2")).Items.Count.ShouldBe(2);
        await WaitForProjections();
        var stats = await Host.GetJson<LifecycleStats>(Clinic, "/api/v1/crm/lifecycle/stats");
        stats.TotalPatients.ShouldBe(3);
        stats.Stages.Single(s => s.Stage == LifecycleStage.New).Count.ShouldBe(1);
        stats.Stages.Single(s => s.Stage == LifecycleStage.Active).Count.ShouldBe(1);
        stats.Stages.Single(s => s.Stage == LifecycleStage.Lost).Share.ShouldBe(0.3333);
        stats.ManualMoves.ShouldBe(1);
        stats.AutomaticMoves.ShouldBe(1);
    }
}
