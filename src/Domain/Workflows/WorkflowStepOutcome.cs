using ChiroClick.Domain.Common;

namespace ChiroClick.Domain.Workflows;

/// <summary>How a step ended this time.</summary>
public enum WorkflowStepOutcomeKind
{
    /// <summary>The step did its work (or found it already done); the run moves on.</summary>
    Done,
    /// <summary>The step cannot be done; the run ends as failed.</summary>
    Failed,
    /// <summary>The step waits for staff to decide on an AI suggestion (draft_sms).</summary>
    Awaiting,
}

/// <summary>What one step kind reports to the dispatcher after running a step.</summary>
/// <param name="Kind">Done, failed or awaiting approval.</param>
/// <param name="Detail">Short description for the run's results (a failure's reason); never personal data beyond a masked address.</param>
/// <param name="NextDueAt">For a wait: when the next step is due; null = at once.</param>
/// <param name="CommunicationId">The message sent, if any.</param>
/// <param name="SuggestionId">For awaiting: the AI suggestion staff decide on.</param>
public sealed record WorkflowStepOutcome(WorkflowStepOutcomeKind Kind, string Detail, DateTimeOffset? NextDueAt, Guid? CommunicationId,
    Guid? SuggestionId)
{
    /// <summary>The step is done.</summary>
    public static WorkflowStepOutcome Done(string detail, DateTimeOffset? nextDueAt = null, Guid? communicationId = null) =>
        new(WorkflowStepOutcomeKind.Done, detail, nextDueAt, communicationId, null);

    /// <summary>The step failed for good with <paramref name="reason"/>.</summary>
    public static WorkflowStepOutcome Failed(string reason) => new(WorkflowStepOutcomeKind.Failed, reason, null, null, null);

    /// <summary>The step waits for staff's decision on <paramref name="suggestionId"/>.</summary>
    public static WorkflowStepOutcome Awaiting(Guid suggestionId) =>
        new(WorkflowStepOutcomeKind.Awaiting, "awaiting staff approval", null, null, suggestionId);
}

/// <summary>The run's side of a step: the events for the run's stream and whether (and when) the next step's message goes out.</summary>
/// <param name="Events">Events to append to the run (none when it already awaits this suggestion).</param>
/// <param name="Next">Whether <c>ExecuteWorkflowStep</c> for the next step is sent.</param>
/// <param name="NextDueAt">When the next step is due; null = at once.</param>
public sealed record WorkflowStepRecord(IReadOnlyList<object> Events, bool Next, DateTimeOffset? NextDueAt);

/// <summary>Pure decisions of a workflow run's step dispatcher. No I/O, no clock.</summary>
public static class WorkflowRunDecisions
{
    /// <summary>
    /// Whether a message for step <paramref name="index"/> may run it: the run exists, is running and this is its next step.
    /// Anything else (a retry, a duplicate delivery, the sweep's safety net after the step ran) changes nothing.
    /// </summary>
    public static bool IsNextStep(WorkflowRun? run, int index) =>
        run is { Status: WorkflowRunStatus.Running } && run.NextStep == index && index < run.Steps.Count;

    /// <summary>
    /// Records <paramref name="outcome"/> of step <paramref name="index"/>: awaiting approval once per suggestion; a failure
    /// fails the step and completes the run as failed; a done step completes the run after the last step, else the next one
    /// follows at <see cref="WorkflowStepOutcome.NextDueAt"/> (later than <paramref name="now"/>) or at once.
    /// </summary>
    public static WorkflowStepRecord RecordStep(WorkflowRun run, int index, WorkflowStepOutcome outcome, DateTimeOffset now)
    {
        var type = run.Steps[index].Type;
        switch (outcome.Kind)
        {
            case WorkflowStepOutcomeKind.Awaiting when outcome.SuggestionId == run.AwaitingSuggestionId:
                return new([], false, null);
            case WorkflowStepOutcomeKind.Awaiting:
                return new([new WorkflowStepAwaitingApproval(run.Id, index, outcome.SuggestionId!.Value, now)], false, null);
            case WorkflowStepOutcomeKind.Failed:
                return new([new WorkflowStepFailed(run.Id, index, type, outcome.Detail, now),
                    new WorkflowRunCompleted(run.Id, WorkflowRunOutcome.Failed,
                        $"step {index + 1} ({WireName.Of(type)}) failed: {outcome.Detail}", now)], false, null);
        }
        var completed = new WorkflowStepCompleted(run.Id, index, type, outcome.Detail, now, outcome.NextDueAt, outcome.CommunicationId);
        if (index + 1 >= run.Steps.Count) return new([completed, new WorkflowRunCompleted(run.Id, WorkflowRunOutcome.Completed, null, now)], false, null);
        return new([completed], true, outcome.NextDueAt is { } next && next > now ? next : null);
    }
}
