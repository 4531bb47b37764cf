using ChiroClick.Api.Common;
using ChiroClick.Api.Surveys;
using ChiroClick.Api.Patients;
using ChiroClick.Api.Workflows;
using ChiroClick.Domain.Patients;
using ChiroClick.Domain.Workflows;
using ChiroClick.Projections.Leads;
using ChiroClick.Tests.Patients;
using ChiroClick.Tests.Infrastructure;
using Marten;
using Wolverine;

namespace ChiroClick.Tests.Workflows;

/// <summary>The default NPS and reactivation workflows, and the sweep-based and lead triggers, on a controllable clock.</summary>
public class WorkflowTriggerTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private readonly string tag = Guid.NewGuid().ToString("N")[..8];

    private async Task<Guid> Patient(string name, string? email, params object[] consents)
    {
        var result = await As(s =>
        {
            s.Post.Json(new { fullName = name, email, consents }).ToUrl("/api/v1/patients");
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<PatientCreated>())!.Id;
    }

    private async Task<Guid> Workflow(object body)
    {
        var result = await As(s => { s.Post.Json(body).ToUrl("/api/v1/crm/workflows"); s.StatusCodeShouldBe(201); });
        return (await result.ReadAsJsonAsync<WorkflowCreatedResponse>())!.Id;
    }

    private async Task<List<WorkflowRun>> Runs(Guid workflowId) =>
        (await (await As(s => s.Get.Url($"/api/v1/crm/workflows/{workflowId}/runs"))).ReadAsJsonAsync<Paged<WorkflowRun>>())!.Items.ToList();

    private async Task<WorkflowRun> WaitForRun(Guid workflowId, Func<WorkflowRun, bool> ok, int seconds = 30)
    {
        for (var i = 0; i < seconds * 5; i++)
        {
            if ((await Runs(workflowId)).FirstOrDefault(ok) is { } run) return run;
            await Task.Delay(200);
        }
        var all = await Runs(workflowId);
        throw new TimeoutException($"No matching run of workflow {workflowId}; runs: " +
            string.Join("; ", all.Select(r => $"{r.Status} next {r.NextStep} [{string.Join(", ", r.Results.Select(x => x.Status + ":" + x.Detail))}]")));
    }

    private Task Sweep() => Host.MessageBus().InvokeForTenantAsync(Clinic.Id.ToString(), new SweepWorkflows());

    private int MailsTo(string address) => Fixture.Smtp.Received.Count(m => m.To.ToString() == address);

    private async Task<List<StaffTask>> Tasks() =>
        (await (await As(s => s.Get.Url("/api/v1/crm/tasks?status=all"))).ReadAsJsonAsync<Paged<StaffTask>>())!.Items.ToList();

    [Fact]
    public async Task Default_NPS_survey_goes_out_three_days_after_the_third_visit_only()
    {
        var email = $"nps.{tag}@example.no";
        var p = await Patient("Nora Nps", email, new { channel = "email", purpose = "surveys" });
        var nps = DefaultWorkflows.IdOf(Clinic.Id, "nps_after_third_visit");
        await Host.Visited(Clinic, p, Fixture.Clock.GetUtcNow().AddHours(-3));
        await Host.Visited(Clinic, p, Fixture.Clock.GetUtcNow().AddHours(-2));
        await Task.Delay(1000);
        (await Runs(nps)).ShouldBeEmpty("the first two visits do not trigger it");
        await Host.Visited(Clinic, p);
        var run = await WaitForRun(nps, r => r.PatientId == p && r.NextStep == 1);
        run.Reason.ShouldContain("visit");

        Fixture.Clock.Advance(TimeSpan.FromDays(2.9));
        await Sweep();
        await Task.Delay(1000);
        MailsTo(email).ShouldBe(0);

        Fixture.Clock.Advance(TimeSpan.FromDays(0.2));
        await Sweep();
        await WaitForRun(nps, r => r.PatientId == p && r.Status == WorkflowRunStatus.Completed);
        MailsTo(email).ShouldBe(1);
        var mail = Fixture.Smtp.Received.Single(m => m.To.ToString() == email);
        mail.Subject.ShouldBe(DefaultWorkflows.DefaultSurveyName);
        mail.TextBody!.ShouldContain("Svar med et tall fra 0 til 10.");
        var surveys = (await (await As(s => s.Get.Url("/api/v1/crm/surveys"))).ReadAsJsonAsync<Paged<SurveyListItem>>())!.Items.ToList();
        surveys.Single(x => x.Name == DefaultWorkflows.DefaultSurveyName).Sent.ShouldBe(1);

        // A fourth visit starts nothing new.
        await Host.Visited(Clinic, p);
        await Task.Delay(1000);
        (await Runs(nps)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Default_reactivation_messages_and_creates_a_task_when_the_sweep_moves_a_patient_to_inactive()
    {
        var email = $"inactive.{tag}@example.no";
        var p = await Patient("Ivar Inaktiv", email, new { channel = "email", purpose = "marketing" });
        var reactivation = DefaultWorkflows.IdOf(Clinic.Id, "reactivation");
        await Host.Visited(Clinic, p);

        Fixture.Clock.Advance(TimeSpan.FromDays(91)); // ≥ 3 × the default 30-day check-in frequency
        await Host.MessageBus().InvokeForTenantAsync(Clinic.Id.ToString(), new SweepLifecycle());
        (await Host.Patient(Clinic, p)).Stage.ShouldBe(LifecycleStage.Inactive);

        var run = await WaitForRun(reactivation, r => r.PatientId == p && r.Status == WorkflowRunStatus.Completed);
        run.Reason.ShouldContain("inactive");
        MailsTo(email).ShouldBe(1);
        Fixture.Smtp.Received.Single(m => m.To.ToString() == email).Subject.ShouldBe("Vi savner deg");
        var task = (await Tasks()).Single(t => t.PatientId == p);
        task.Title.ShouldBe("Ring Ivar Inaktiv (inaktiv pasient)");
        task.WorkflowRunId.ShouldBe(run.Id);

        // The next sweeps change nothing.
        await Host.MessageBus().InvokeForTenantAsync(Clinic.Id.ToString(), new SweepLifecycle());
        await Sweep();
        await Task.Delay(1000);
        (await Runs(reactivation)).Count.ShouldBe(1);
        MailsTo(email).ShouldBe(1);
    }

    [Fact]
    public async Task No_visit_for_starts_one_run_per_absence_from_the_sweep()
    {
        var id = await Workflow(new
        {
            name = "Ti dager uten besøk", trigger = new { type = "no_visit_for", days = 10 },
            steps = new object[] { new { type = "create_task", title = "Følg opp {fullName}" } },
        });
        var p = await Patient("Fravær Fredrik", null);
        var recent = await Patient("Nylig Nils", null);
        await Host.Visited(Clinic, p);
        Fixture.Clock.Advance(TimeSpan.FromDays(5));
        await Host.Visited(Clinic, recent);

        Fixture.Clock.Advance(TimeSpan.FromDays(6)); // p: 11 days, recent: 6 days
        await Sweep();
        var run = await WaitForRun(id, r => r.PatientId == p && r.Status == WorkflowRunStatus.Completed);
        run.Reason.ShouldStartWith("no visit for 10 days");
        await Sweep();
        await Task.Delay(1000);
        (await Runs(id)).Count.ShouldBe(1);
        (await Tasks()).Single().Title.ShouldBe("Følg opp Fravær Fredrik");

        // A new visit and a new absence: a second run.
        await Host.Visited(Clinic, p);
        Fixture.Clock.Advance(TimeSpan.FromDays(11));
        await Sweep();
        await WaitForRun(id, r => r.PatientId == p && r.Id != run.Id);
        await WaitForRun(id, r => r.PatientId == recent);
        (await Runs(id)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_schedule_trigger_runs_once_per_occurrence_for_its_audience()
    {
        var first = Fixture.Clock.GetUtcNow().AddDays(1);
        var id = await Workflow(new
        {
            name = "Ukentlig påminnelse", trigger = new { type = "schedule", at = first, repeatEveryDays = 7, audience = new { stages = new[] { "active" } } },
            steps = new object[] { new { type = "create_task", title = "Ukesjekk {fullName}" } },
        });
        var active = await Patient("Aktiv Anne", null);
        await Host.Visited(Clinic, active);
        await Patient("Ny Nils", null); // stage new: outside the audience

        await Sweep();
        await Task.Delay(500);
        (await Runs(id)).ShouldBeEmpty("the first occurrence has not come");

        Fixture.Clock.Advance(TimeSpan.FromDays(1.1));
        await Sweep();
        await WaitForRun(id, r => r.PatientId == active && r.Status == WorkflowRunStatus.Completed);
        await Sweep();
        Fixture.Clock.Advance(TimeSpan.FromDays(3));
        await Sweep();
        await Task.Delay(1000);
        (await Runs(id)).Count.ShouldBe(1);

        Fixture.Clock.Advance(TimeSpan.FromDays(4));
        await Sweep();
        for (var i = 0; i < 50 && (await Runs(id)).Count < 2; i++) await Task.Delay(200);
        var runs = await Runs(id);
        runs.Count.ShouldBe(2);
        runs.ShouldAllBe(r => r.PatientId == active);
    }

    [Fact]
    public async Task Lead_stage_changed_reacts_only_to_moves_into_its_stage()
    {
        var id = await Workflow(new
        {
            name = "Konsultasjon booket", trigger = new { type = "lead_stage_changed", leadStage = "consultation_booked" },
            steps = new object[] { new { type = "create_task", title = "Forbered konsultasjon for {fullName}" } },
        });
        var lead = (await (await As(s =>
        {
            s.Post.Json(new { fullName = "Lise Lead", phone = "+4791234567", source = "website", marketingConsent = false }).ToUrl("/api/v1/crm/leads");
            s.StatusCodeShouldBe(201);
        })).ReadAsJsonAsync<Api.Leads.LeadCreated>())!.Id;

        async Task Move(string stage)
        {
            var current = (await (await As(s => s.Get.Url($"/api/v1/crm/leads/{lead}"))).ReadAsJsonAsync<LeadSummary>())!;
            await As(s => { s.Put.Json(new { expectedVersion = current.Version, stage }).ToUrl($"/api/v1/crm/leads/{lead}"); s.StatusCodeShouldBe(200); });
        }

        await Move("contacted");
        await Task.Delay(1000);
        (await Runs(id)).ShouldBeEmpty();
        await Move("consultation_booked");
        var run = await WaitForRun(id, r => r.LeadId == lead && r.Status == WorkflowRunStatus.Completed);
        run.Reason.ShouldBe("lead moved from contacted to consultation_booked");
        (await Tasks()).Single().Title.ShouldBe("Forbered konsultasjon for Lise Lead");
    }

    [Fact]
    public async Task Importing_history_starts_no_workflow_run()
    {
        var anyMove = await Workflow(new
        {
            name = "Alle livsløpsendringer", trigger = new { type = "lifecycle_stage_changed" },
            steps = new object[] { new { type = "create_task", title = "Se på {fullName}" } },
        });
        var folder = Path.Combine(AppFixture.RepositoryRoot(), "..", "shared", "data", "synthea");
        var summary = await Api.Import.SyntheaImport.RunAsync(Store, Clinic.Id, folder, Fixture.Clock, TextWriter.Null, 40);
        summary.LifecycleMoves.ShouldBeGreaterThan(0);
        await WaitForProjections();
        await Task.Delay(2000);
        await using var session = Store.QuerySession(Clinic.Id.ToString());
        var inactive = await session.Query<ChiroClick.Projections.Patients.PatientSummary>().CountAsync(p => p.Stage == LifecycleStage.Inactive || p.Stage == LifecycleStage.Lost);
        inactive.ShouldBeGreaterThan(0, "the import holds patients who lapsed long ago");
        foreach (var key in new[] { "check_in", "nps_after_third_visit", "reactivation" })
            (await Runs(DefaultWorkflows.IdOf(Clinic.Id, key))).ShouldBeEmpty($"{key}: old visits and lapses are history, not triggers");
        (await Runs(anyMove)).ShouldBeEmpty("the import's catch-up sweep records lapses at the time they became due");
    }
}
