using ChiroClick.Api.Common;
using ChiroClick.Api.Campaigns;
using ChiroClick.Api.Workflows;
using ChiroClick.Domain.Workflows;
using ChiroClick.Projections.Communications;
using ChiroClick.Tests.Patients;
using ChiroClick.Tests.Infrastructure;
using Marten;
using Wolverine;

namespace ChiroClick.Tests.Workflows;

public class WorkflowStepTests(AppFixture fixture) : WorkflowTestContext(fixture)
{
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
        run.Results.Single().Status.ShouldBe(WorkflowStepStatus.Failed);
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
        waiting.Results.Single().Status.ShouldBe(WorkflowStepStatus.AwaitingApproval);
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
