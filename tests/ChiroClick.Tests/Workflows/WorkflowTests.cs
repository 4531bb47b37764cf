using ChiroClick.Api.Common;
using Alba;
using ChiroClick.Api.Campaigns;
using ChiroClick.Api.Patients;
using ChiroClick.Api.Workflows;
using ChiroClick.Domain.Workflows;
using ChiroClick.Projections.Communications;
using ChiroClick.Tests.Patients;
using ChiroClick.Tests.Infrastructure;
using Marten;
using Shouldly;
using Wolverine;

namespace ChiroClick.Tests.Workflows;

public class WorkflowTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private readonly string tag = Guid.NewGuid().ToString("N")[..8];

    private async Task<Guid> Patient(string name, string? email, string? phone, params object[] consents)
    {
        var result = await As(s =>
        {
            s.Post.Json(new { fullName = name, email, phone, consents }).ToUrl("/api/v1/patients");
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<PatientCreated>())!.Id;
    }

    private async Task<Guid> Workflow(object body)
    {
        var result = await As(s =>
        {
            s.Post.Json(body).ToUrl("/api/v1/crm/workflows");
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<WorkflowCreatedResponse>())!.Id;
    }

    private async Task<List<WorkflowRun>> Runs(Guid workflowId) =>
        (await (await As(s => s.Get.Url($"/api/v1/crm/workflows/{workflowId}/runs"))).ReadAsJsonAsync<Paged<WorkflowRun>>())!.Items.ToList();

    /// <summary>Polls until the workflow has a run matching <paramref name="ok"/> (runs start from relayed events, asynchronously).</summary>
    private async Task<WorkflowRun> WaitForRun(Guid workflowId, Func<WorkflowRun, bool> ok, int seconds = 30)
    {
        for (var i = 0; i < seconds * 5; i++)
        {
            if ((await Runs(workflowId)).FirstOrDefault(ok) is { } run) return run;
            await Task.Delay(200);
        }
        var all = await Runs(workflowId);
        throw new TimeoutException($"No matching run of workflow {workflowId}; runs: " +
            string.Join("; ", all.Select(r => $"{r.Status} next {r.NextStep} due {r.NextStepDueAt} [{string.Join(", ", r.Results.Select(x => x.Status + ":" + x.Detail))}]")));
    }

    private Task Sweep() => Host.MessageBus().InvokeForTenantAsync(Clinic.Id.ToString(), new SweepWorkflows());

    private int MailsTo(string address) => Fixture.Smtp.Received.Count(m => m.To.ToString() == address);

    private async Task WaitForMail(string address, int seconds = 30)
    {
        for (var i = 0; i < seconds * 5 && MailsTo(address) == 0; i++) await Task.Delay(200);
        MailsTo(address).ShouldBe(1, $"one e-mail to {address}");
    }

    private async Task<Guid> CaptureLead(string name, string? email = null, string? phone = null)
    {
        var result = await As(s =>
        {
            s.Post.Json(new { fullName = name, email, phone, source = "website", marketingConsent = false }).ToUrl("/api/v1/crm/leads");
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<Api.Leads.LeadCreated>())!.Id;
    }

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
        done.Results.Select(r => r.Status).ShouldBe(["completed", "completed"]);
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

    [Fact]
    public async Task Smtp_down_then_up_delivers_the_workflow_message_exactly_once()
    {
        var id = await Workflow(new
        {
            name = "Straks", trigger = new { type = "lead_captured" },
            steps = new object[] { new { type = "send_message", channel = "email", subject = "Hei", template = "Hei {firstName}" } },
        });
        var email = $"ola.{tag}@example.no";
        await Fixture.Smtp.StopAsync();
        Guid lead;
        try
        {
            lead = await CaptureLead("Ola Lead", email);
            await WaitForRun(id, r => r.LeadId == lead);
            await Task.Delay(1500);
            (await Runs(id)).Single().Status.ShouldBe(WorkflowRunStatus.Running);
        }
        finally
        {
            Fixture.Smtp.Start();
        }
        await WaitForMail(email, 40);
        var done = await WaitForRun(id, r => r.LeadId == lead && r.Status == WorkflowRunStatus.Completed);
        await Host.MessageBus().InvokeForTenantAsync(Clinic.Id.ToString(), new ExecuteWorkflowStep(done.Id, 0));
        await Task.Delay(500);
        MailsTo(email).ShouldBe(1);
    }

    [Fact]
    public async Task Missing_consent_fails_the_step_and_sends_nothing()
    {
        var id = await Workflow(new
        {
            name = "Tilbud", trigger = new { type = "visit_completed" },
            steps = new object[]
            {
                new { type = "send_message", channel = "email", purpose = "marketing", subject = "Tilbud", template = "Hei {firstName}" },
                new { type = "create_task", title = "Skal ikke lages" },
            },
        });
        var email = $"care.{tag}@example.no";
        var p = await Patient("Care Only", email, null, new { channel = "email", purpose = "care" });
        await Host.Visited(Clinic, p);
        var run = await WaitForRun(id, r => r.PatientId == p && r.Status == WorkflowRunStatus.Failed);
        run.Results.Single().Status.ShouldBe("failed");
        run.Results.Single().Detail.ShouldBe("no email address with a marketing consent");
        run.Outcome!.ShouldContain("step 1 (send_message) failed");
        MailsTo(email).ShouldBe(0);
        (await (await As(s => s.Get.Url("/api/v1/crm/tasks?status=all"))).ReadAsJsonAsync<Paged<StaffTask>>())!.Items.ToList().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_low_NPS_answer_creates_a_staff_task_and_moves_the_lifecycle_stage()
    {
        var id = await Workflow(new
        {
            name = "Kritiker-oppfølging", trigger = new { type = "survey_response_received", maxScore = 6 },
            steps = new object[]
            {
                new { type = "create_task", title = "Ring {fullName} om NPS-svaret", dueInDays = 1 },
                new { type = "move_lifecycle_stage", stage = "at_risk" },
            },
        });
        var p = await Patient("Dag Detraktor", null, "+4799887766");
        var happy = await Patient("Glad Promoter", null, "+4799887755");
        var survey = (await (await As(s => { s.Post.Json(new { name = "NPS" }).ToUrl("/api/v1/crm/surveys"); s.StatusCodeShouldBe(201); }))
            .ReadAsJsonAsync<Api.Surveys.SurveyCreatedResponse>())!.Id;
        await As(s => { s.Post.Json(new { score = 3, patientId = p }).ToUrl($"/api/v1/crm/surveys/{survey}/responses"); s.StatusCodeShouldBe(201); });
        await As(s => { s.Post.Json(new { score = 10, patientId = happy }).ToUrl($"/api/v1/crm/surveys/{survey}/responses"); s.StatusCodeShouldBe(201); });

        var run = await WaitForRun(id, r => r.PatientId == p && r.Status == WorkflowRunStatus.Completed);
        run.Reason.ShouldBe("survey answer with score 3");
        (await Runs(id)).Count.ShouldBe(1, "a 10 is outside the score filter");
        (await Host.Patient(Clinic, p)).Stage.ShouldBe(ChiroClick.Domain.Patients.LifecycleStage.AtRisk);

        var tasks = (await (await As(s => s.Get.Url("/api/v1/crm/tasks"))).ReadAsJsonAsync<Paged<StaffTask>>())!.Items.ToList();
        var task = tasks.Single();
        task.Title.ShouldBe("Ring Dag Detraktor om NPS-svaret");
        task.PatientId.ShouldBe(p);
        task.WorkflowRunId.ShouldBe(run.Id);
        await As(s => { s.Post.Json(new { note = "Ringt, avtalt ny time" }).ToUrl($"/api/v1/crm/tasks/{task.Id}/complete"); s.StatusCodeShouldBe(200); });
        await As(s => { s.Post.Json(new { }).ToUrl($"/api/v1/crm/tasks/{task.Id}/complete"); s.StatusCodeShouldBe(409); });
        (await (await As(s => s.Get.Url("/api/v1/crm/tasks"))).ReadAsJsonAsync<Paged<StaffTask>>())!.Items.ToList().ShouldBeEmpty();
        (await (await As(s => s.Get.Url("/api/v1/crm/tasks?status=done"))).ReadAsJsonAsync<Paged<StaffTask>>())!.Items.ToList().Single().Note.ShouldBe("Ringt, avtalt ny time");
        await As(s => { s.Get.Url("/api/v1/crm/tasks?status=maybe"); s.StatusCodeShouldBe(400); });
    }

    [Fact]
    public async Task Draft_sms_is_held_for_staff_approval_and_the_corrected_text_is_sent()
    {
        Ollama.Reply = _ => "Hei Nina! Takk for at du tok kontakt. Vi ringer deg i morgen.";
        var id = await Workflow(new
        {
            name = "Personlig SMS", trigger = new { type = "lead_captured" },
            steps = new object[] { new { type = "draft_sms", instructions = "Takk for henvendelsen, vi ringer i morgen." } },
        });
        var lead = await CaptureLead("Nina Lead", phone: "+4741234567");
        var waiting = await WaitForRun(id, r => r.LeadId == lead && r.AwaitingSuggestionId != null);
        waiting.Results.Single().Status.ShouldBe("awaiting_approval");
        Ollama.ChatRequests.Last().Model.ShouldBe("chiro-norwegian");

        var text = "Hei Nina! Takk for at du tok kontakt. Vi ringer deg i morgen formiddag.";
        await As(s => { s.Post.Json(new { text }).ToUrl($"/api/v1/ai/suggestions/{waiting.AwaitingSuggestionId}/modify"); s.StatusCodeShouldBe(200); });
        var done = await WaitForRun(id, r => r.LeadId == lead && r.Status == WorkflowRunStatus.Completed);
        done.Results.Last().Detail.ShouldStartWith("sms to +47");

        await using var session = Store.QuerySession(Clinic.Id.ToString());
        var sms = await session.Query<CampaignOutboxMessage>().Where(x => x.WorkflowRunId == done.Id).SingleAsync();
        sms.Body.ShouldBe(text);
        sms.To.ShouldBe("+4741234567");
        var logged = await session.Query<CommunicationEntry>().Where(x => x.LeadId == lead).SingleAsync();
        // Streams are started as their aggregates, never as read models.
        (await session.Events.FetchStreamStateAsync(logged.Id))!.AggregateType.ShouldBe(typeof(ChiroClick.Domain.Communications.Communication));
        (await session.Events.FetchStreamStateAsync(waiting.AwaitingSuggestionId!.Value))!.AggregateType.ShouldBe(typeof(ChiroClick.Domain.Ai.AiSuggestion));
    }
}
