using ChiroClick.Api.Workflows;
using ChiroClick.Domain.Workflows;
using ChiroClick.Projections.Communications;
using ChiroClick.Tests.Patients;
using ChiroClick.Tests.Infrastructure;
using Marten;
using Wolverine;

namespace ChiroClick.Tests.Workflows;

public class WorkflowTests(AppFixture fixture) : WorkflowTestContext(fixture)
{
    [Fact]
    public async Task Every_new_clinic_gets_three_active_editable_default_workflows()
    {
        var list = (await (await As(s => s.Get.Url("/api/v1/crm/workflows"))).ReadAsJsonAsync<List<Workflow>>())!;
        list.Select(w => w.DefaultKey).ShouldBe(["check_in", "nps_after_third_visit", "reactivation", "no_show_follow_up", "call_back"], ignoreOrder: true);
        list.ShouldAllBe(w => w.Active);
        var checkIn = list.Single(w => w.DefaultKey == "check_in");
        checkIn.Trigger.Type.ShouldBe(WorkflowTriggerType.VisitCompleted);
        checkIn.Steps[0].UseCheckInFrequency.ShouldBeTrue();
        var nps = list.Single(w => w.DefaultKey == "nps_after_third_visit");
        nps.Trigger.VisitNumber.ShouldBe(3);
        nps.Steps.Select(s => s.Type).ShouldBe([WorkflowStepType.Wait, WorkflowStepType.SendNpsSurvey]);
        list.Single(w => w.DefaultKey == "reactivation").Trigger.LifecycleStage.ShouldBe(ChiroClick.Domain.Patients.LifecycleStage.Inactive);
        var callBack = list.Single(w => w.DefaultKey == "call_back");
        callBack.Trigger.Type.ShouldBe(WorkflowTriggerType.CallMissed);
        callBack.Steps.Single().Type.ShouldBe(WorkflowStepType.CallTask);

        var body = new
        {
            name = "Oppfølging (e-post)", expectedVersion = checkIn.Version,
            trigger = new { type = "visit_completed" },
            steps = new object[]
            {
                new { type = "wait", useCheckInFrequency = true },
                new { type = "send_message", channel = "email", subject = "Hei", template = "Hei {firstName}!" },
            },
        };
        var updated = (await (await As(s => { s.Put.Json(body).ToUrl($"/api/v1/crm/workflows/{checkIn.Id}"); s.StatusCodeShouldBe(200); }))
            .ReadAsJsonAsync<Workflow>())!;
        updated.Version.ShouldBe(checkIn.Version + 1);
        updated.Steps[1].Channel.ShouldBe(WorkflowChannel.Email);
        await As(s => { s.Put.Json(body).ToUrl($"/api/v1/crm/workflows/{checkIn.Id}"); s.StatusCodeShouldBe(409); });
        await As(s => { s.Put.Json(body).ToUrl($"/api/v1/crm/workflows/{Guid.NewGuid()}"); s.StatusCodeShouldBe(404); });

        // Another clinic sees none of them.
        var other = await Fixture.NewClinicAsync("Other clinic");
        await As(s => { s.Get.Url($"/api/v1/crm/workflows/{checkIn.Id}"); s.StatusCodeShouldBe(404); }, other);
    }

    [Fact]
    public async Task Bad_definitions_are_400_with_field_errors_and_append_nothing()
    {
        async Task Bad(object body, string field)
        {
            var result = await As(s => { s.Post.Json(body).ToUrl("/api/v1/crm/workflows"); s.StatusCodeShouldBe(400); });
            (await result.ReadAsTextAsync()).ShouldContain(field);
        }
        await Bad(new { trigger = new { type = "visit_completed" }, steps = new[] { new { type = "create_task", title = "x" } } }, "name");
        await Bad(new { name = "x", steps = new[] { new { type = "create_task", title = "x" } } }, "trigger");
        await Bad(new { name = "x", trigger = new { type = "visit_completed" }, steps = Array.Empty<object>() }, "steps");
        await Bad(new { name = "x", trigger = new { type = "no_visit_for" }, steps = new[] { new { type = "create_task", title = "x" } } }, "trigger.days");
        await Bad(new { name = "x", trigger = new { type = "visit_completed" }, steps = new[] { new { type = "wait", duration = "3 days" } } }, "steps[0].duration");
        await Bad(new { name = "x", trigger = new { type = "visit_completed" }, steps = new[] { new { type = "send_message", channel = "email", template = "t" } } }, "steps[0].subject");
        await Bad(new { name = "x", trigger = new { type = "lead_captured" }, steps = new[] { new { type = "send_nps_survey" } } }, "steps[0].type");
        await Bad(new { name = "x", trigger = new { type = "survey_response_received", minScore = 8, maxScore = 3 }, steps = new[] { new { type = "create_task", title = "x" } } }, "trigger.minScore");
        await As(s => { s.Post.Json(new { name = "x", trigger = new { type = "fax_received" }, steps = Array.Empty<object>() }).ToUrl("/api/v1/crm/workflows"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Url($"/api/v1/crm/workflows/{Guid.NewGuid()}/toggle"); s.StatusCodeShouldBe(404); });
        (await (await As(s => s.Get.Url("/api/v1/crm/workflows"))).ReadAsJsonAsync<List<Workflow>>())!.Count.ShouldBe(DefaultWorkflows.Definitions.Count);
    }

    [Fact]
    public async Task Default_check_in_fires_for_a_visit_after_the_configured_check_in_frequency()
    {
        await As(s => { s.Put.Json(new { checkInFrequencyDays = 14 }).ToUrl("/api/v1/crm/settings"); s.StatusCodeShouldBe(200); });
        var email = $"kari.{tag}@example.no";
        var kari = await Patient("Kari Nordmann", email, null, new { channel = "email", purpose = "care" });
        var checkIn = DefaultWorkflows.IdOf(Clinic.Id, "check_in");

        await Host.Visited(Clinic, kari);
        var run = await WaitForRun(checkIn, r => r.PatientId == kari && r.NextStep == 1);
        run.Status.ShouldBe(WorkflowRunStatus.Running);
        run.Results[0].Detail.ShouldContain("check-in frequency 14 days");
        (run.NextStepDueAt!.Value - run.StartedAt).TotalDays.ShouldBe(14, 0.01);

        Fixture.Clock.Advance(TimeSpan.FromDays(13));
        await Sweep();
        await Task.Delay(1500);
        MailsTo(email).ShouldBe(0);

        Fixture.Clock.Advance(TimeSpan.FromDays(1.1));
        await Sweep();
        await WaitForMail(email);
        var mail = Fixture.Smtp.Received.Single(m => m.To.ToString() == email);
        mail.Subject.ShouldBe("Hvordan går det?");
        mail.TextBody!.ShouldStartWith("Hei Kari! Det er en stund siden siste behandling.");

        var done = await WaitForRun(checkIn, r => r.PatientId == kari && r.Status == WorkflowRunStatus.Completed);
        done.Results.Select(r => r.Status).ShouldBe([WorkflowStepStatus.Completed, WorkflowStepStatus.Completed]);
        done.Results[1].Detail.ShouldBe("email to k***@example.no sent");
        done.Reason.ShouldStartWith("visit completed");

        // The sweep again, and the step message replayed: still one e-mail.
        await Sweep();
        await Host.MessageBus().InvokeForTenantAsync(Clinic.Id.ToString(), new ExecuteWorkflowStep(done.Id, 1));
        await Task.Delay(500);
        MailsTo(email).ShouldBe(1);
        await using var session = Store.QuerySession(Clinic.Id.ToString());
        var logged = await session.Query<CommunicationEntry>().Where(x => x.PatientId == kari).ToListAsync();
        logged.Count.ShouldBe(1);
        logged[0].TemplateId.ShouldBe($"workflow:{checkIn}:1");
    }

    [Fact]
    public async Task A_newer_visit_supersedes_the_waiting_check_in_and_backdated_visits_start_nothing()
    {
        var kari = await Patient("Kari Nordmann", $"kari.{tag}@example.no", null, new { channel = "email", purpose = "care" });
        var checkIn = DefaultWorkflows.IdOf(Clinic.Id, "check_in");
        await Host.Visited(Clinic, kari, Fixture.Clock.GetUtcNow().AddDays(-40));
        await Host.Visited(Clinic, kari, Fixture.Clock.GetUtcNow().AddHours(-2));
        var first = await WaitForRun(checkIn, r => r.PatientId == kari);
        await Host.Visited(Clinic, kari);
        await WaitForRun(checkIn, r => r.PatientId == kari && r.Status == WorkflowRunStatus.Superseded);
        var runs = await Runs(checkIn);
        runs.Count.ShouldBe(2, "the 40-day-old visit started nothing");
        runs.Count(r => r.Status == WorkflowRunStatus.Running).ShouldBe(1);
        runs.Single(r => r.Status == WorkflowRunStatus.Superseded).Id.ShouldBe(first.Id);
    }

    [Fact]
    public async Task A_short_wait_resumes_by_itself_through_a_Wolverine_scheduled_message()
    {
        var id = await Workflow(new
        {
            name = "Velkommen", trigger = new { type = "lead_captured" },
            steps = new object[]
            {
                new { type = "wait", duration = "PT2S" },
                new { type = "send_message", channel = "email", subject = "Takk for henvendelsen", template = "Hei {firstName}, vi ringer deg i dag." },
            },
        });
        var email = $"lead.{tag}@example.no";
        var lead = await CaptureLead("Nina Lead", email);
        var waiting = await WaitForRun(id, r => r.LeadId == lead && r.NextStep == 1);
        MailsTo(email).ShouldBe(0);
        await WaitForMail(email, 30);
        var done = await WaitForRun(id, r => r.LeadId == lead && r.Status == WorkflowRunStatus.Completed);
        done.Id.ShouldBe(waiting.Id);
        Fixture.Smtp.Received.Single(m => m.To.ToString() == email).TextBody!.Trim().ShouldBe("Hei Nina, vi ringer deg i dag.");
    }

    [Fact]
    public async Task Deactivating_cancels_pending_steps_and_reactivating_does_not_reach_back()
    {
        var id = await Workflow(new
        {
            name = "Dagen etter", trigger = new { type = "visit_completed" },
            steps = new object[]
            {
                new { type = "wait", duration = "P1D" },
                new { type = "send_message", channel = "email", subject = "Hei", template = "Hei {firstName}" },
            },
        });
        var email = $"per.{tag}@example.no";
        var per = await Patient("Per Hansen", email, null, new { channel = "email", purpose = "care" });
        await Host.Visited(Clinic, per);
        var run = await WaitForRun(id, r => r.PatientId == per && r.NextStep == 1);

        var off = (await (await As(s => { s.Post.Url($"/api/v1/crm/workflows/{id}/toggle"); s.StatusCodeShouldBe(200); }))
            .ReadAsJsonAsync<WorkflowToggled>())!;
        off.Active.ShouldBeFalse();
        off.CancelledRuns.ShouldBe(1);
        Fixture.Clock.Advance(TimeSpan.FromDays(2));
        await Sweep();
        await Host.MessageBus().InvokeForTenantAsync(Clinic.Id.ToString(), new ExecuteWorkflowStep(run.Id, 1));
        await Task.Delay(1000);
        MailsTo(email).ShouldBe(0);
        (await Runs(id)).Single().Status.ShouldBe(WorkflowRunStatus.Cancelled);

        var on = (await (await As(s => { s.Post.Url($"/api/v1/crm/workflows/{id}/toggle"); s.StatusCodeShouldBe(200); }))
            .ReadAsJsonAsync<WorkflowToggled>())!;
        on.Active.ShouldBeTrue();
        await Sweep();
        await Task.Delay(500);
        (await Runs(id)).Count.ShouldBe(1);
    }
}
