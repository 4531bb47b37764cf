using ChiroClick.Domain.Workflows;

namespace ChiroClick.Api.Workflows;

/// <summary>Runs step <paramref name="Index"/> of run <paramref name="RunId"/> (in the envelope's tenant) when it is the run's next step and due.</summary>
/// <param name="RunId">Run.</param>
/// <param name="Index">Step index.</param>
public sealed record ExecuteWorkflowStep(Guid RunId, int Index);

/// <summary>
/// The step dispatcher: Wolverine handler of <see cref="ExecuteWorkflowStep"/> (durable local queue "workflow-steps"). A message
/// for a step that is not the run's next one, or for a run no longer running, changes nothing, and an early one is re-scheduled,
/// so retries, duplicate deliveries, the sweep's safety net and restarts never run a step twice. The step's kind
/// (<see cref="IWorkflowStep"/>) works in this session, so its effects, the run's events and the follow-up message commit together.
/// </summary>
public static class ExecuteWorkflowStepHandler
{
    /// <summary>Configuration key of <see cref="WorkflowsOptions.MaxAttempts"/>.</summary>
    public const string MaxAttemptsSetting = "Workflows:MaxAttempts";

    /// <summary>Runs the step.</summary>
    public static async Task<OutgoingMessages> Handle(ExecuteWorkflowStep m, Envelope envelope, IDocumentSession session, TimeProvider clock,
        WorkflowSteps steps, IOptions<WorkflowsOptions> options, ILogger<ExecuteWorkflowStep> logger, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        var stream = await session.Events.FetchForWriting<WorkflowRun>(m.RunId, ct);
        if (stream.Aggregate is not { } run || !WorkflowRunDecisions.IsNextStep(run, m.Index)) return messages;
        var now = clock.GetUtcNow();
        if (run.NextStepDueAt is { } due && due > now)
        {
            messages.Delay(m, due - now);
            return messages;
        }
        if (await session.LoadAsync<Domain.Workflows.Workflow>(run.WorkflowId, ct) is not { Active: true })
        {
            stream.AppendOne(new WorkflowRunCompleted(run.Id, WorkflowRunOutcome.Cancelled, "workflow deactivated", now));
            return messages;
        }
        WorkflowStepOutcome outcome;
        try
        {
            outcome = await steps.RunAsync(new WorkflowStepContext(run, m.Index, run.Steps[m.Index], session, now), ct);
        }
        catch (Exception ex) when (WorkflowsConfiguration.IsTransient(ex) && envelope.Attempts >= options.Value.MaxAttempts)
        {
            // Exception messages may quote an address or a provider's reply: the log and the stored reason get the type only.
            var error = Infrastructure.SafeErrors.Describe(ex);
            logger.LogWarning("Workflow run {Run} step {Index} failed after {Attempts} attempts: {Error}", run.Id, m.Index, envelope.Attempts, error);
            outcome = WorkflowStepOutcome.Failed($"gave up after {envelope.Attempts} attempts: {error}");
        }
        var (events, next, nextDueAt) = WorkflowRunDecisions.RecordStep(run, m.Index, outcome, now);
        if (events.Count > 0) stream.AppendMany(events);
        if (next && nextDueAt is { } at) messages.Delay(new ExecuteWorkflowStep(run.Id, m.Index + 1), at - now);
        else if (next) messages.Add(new ExecuteWorkflowStep(run.Id, m.Index + 1));
        return messages;
    }
}
