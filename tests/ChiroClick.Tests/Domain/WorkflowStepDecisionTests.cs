using ChiroClick.Domain.Patients;
using ChiroClick.Domain.Workflows;

namespace ChiroClick.Tests.Domain;

public sealed class WorkflowStepDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static WorkflowRun Run(params WorkflowStepType[] steps) => WorkflowRun.Create(new WorkflowRunStarted(Guid.NewGuid(), Guid.NewGuid(), 1,
        "Oppfølging", Guid.NewGuid(), null, WorkflowTriggerType.VisitCompleted, "visit:1", "visit", Now, steps.Select(t => new WorkflowStep(t)).ToList(), Now));

    [Fact]
    public void a_done_step_schedules_the_next_one_at_its_due_time_or_at_once()
    {
        var run = Run(WorkflowStepType.Wait, WorkflowStepType.SendMessage);
        var waited = WorkflowRunDecisions.RecordStep(run, 0, WorkflowStepOutcome.Done("waiting", nextDueAt: Now.AddDays(3)), Now);
        waited.Events.Single().ShouldBeOfType<WorkflowStepCompleted>().NextStepDueAt.ShouldBe(Now.AddDays(3));
        (waited.Next, waited.NextDueAt).ShouldBe((true, Now.AddDays(3)));

        var due = WorkflowRunDecisions.RecordStep(run, 0, WorkflowStepOutcome.Done("waiting", nextDueAt: Now), Now);
        (due.Next, due.NextDueAt).ShouldBe((true, (DateTimeOffset?)null));
    }

    [Fact]
    public void the_last_step_completes_the_run_and_sends_nothing()
    {
        var run = Run(WorkflowStepType.SendMessage);
        var record = WorkflowRunDecisions.RecordStep(run, 0, WorkflowStepOutcome.Done("sms sent", communicationId: Guid.NewGuid()), Now);
        record.Events.Select(e => e.GetType()).ToArray().ShouldBe(new[] { typeof(WorkflowStepCompleted), typeof(WorkflowRunCompleted) });
        ((WorkflowRunCompleted)record.Events[1]).Outcome.ShouldBe(WorkflowRunOutcome.Completed);
        record.Next.ShouldBeFalse();
    }

    [Fact]
    public void a_failed_step_fails_the_run_naming_the_step()
    {
        var run = Run(WorkflowStepType.Wait, WorkflowStepType.SendNpsSurvey, WorkflowStepType.CreateTask);
        var record = WorkflowRunDecisions.RecordStep(run, 1, WorkflowStepOutcome.Failed("no consent"), Now);
        record.Events[0].ShouldBeOfType<WorkflowStepFailed>().Reason.ShouldBe("no consent");
        record.Events[1].ShouldBeOfType<WorkflowRunCompleted>().Reason.ShouldBe("step 2 (send_nps_survey) failed: no consent");
        record.Next.ShouldBeFalse();
    }

    [Fact]
    public void awaiting_approval_is_recorded_once_per_suggestion()
    {
        var run = Run(WorkflowStepType.DraftSms);
        var suggestion = Guid.NewGuid();
        var first = WorkflowRunDecisions.RecordStep(run, 0, WorkflowStepOutcome.Awaiting(suggestion), Now);
        first.Events.Single().ShouldBeOfType<WorkflowStepAwaitingApproval>().SuggestionId.ShouldBe(suggestion);
        var waiting = run.Apply((WorkflowStepAwaitingApproval)first.Events[0]);
        WorkflowRunDecisions.RecordStep(waiting, 0, WorkflowStepOutcome.Awaiting(suggestion), Now).Events.ShouldBeEmpty();
        WorkflowRunDecisions.IsNextStep(waiting, 0).ShouldBeTrue();
        WorkflowRunDecisions.IsNextStep(waiting, 1).ShouldBeFalse();
    }

    [Fact]
    public void a_workflow_moves_the_patient_automatically_once()
    {
        var patient = Patient.Create(new PatientRegistered(Guid.NewGuid(), "Kari Nordmann", null, null, null, null, null, [], null, null));
        var moved = PatientDecisions.MoveByWorkflow(patient, LifecycleStage.AtRisk, "Reaktivering", Now).ShouldHaveSingleItem()
            .ShouldBeOfType<LifecycleStageChanged>();
        (moved.From, moved.To, moved.Reason, moved.Automatic).ShouldBe((LifecycleStage.New, LifecycleStage.AtRisk, "workflow \"Reaktivering\"", true));
        PatientDecisions.MoveByWorkflow(patient.Apply(moved), LifecycleStage.AtRisk, "Reaktivering", Now).ShouldBeEmpty();
    }
}
