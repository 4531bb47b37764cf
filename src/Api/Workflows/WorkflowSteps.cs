using ChiroClick.Domain.Workflows;

namespace ChiroClick.Api.Workflows;

/// <summary>One step of one run, as a step kind sees it.</summary>
/// <param name="Run">The run (its next step is this one).</param>
/// <param name="Index">Step index, 0-based; part of every deterministic id the step makes (UUIDv5 of run + index).</param>
/// <param name="Step">The step's definition.</param>
/// <param name="Session">The dispatcher's session: whatever the step records commits with the run's events.</param>
/// <param name="Now">Business time of this attempt.</param>
public sealed record WorkflowStepContext(WorkflowRun Run, int Index, WorkflowStep Step, IDocumentSession Session, DateTimeOffset Now);

/// <summary>
/// One step kind (<see cref="WorkflowStepType"/>), implemented by the feature that owns its effect (Messaging: send_message;
/// Surveys: send_nps_survey; Patients: move_lifecycle_stage through the patient's decisions; Ai: draft_sms; Workflows: wait,
/// create_task, call_task) and run by <see cref="ExecuteWorkflowStepHandler"/>. A step is a direct call in the dispatcher's
/// transaction, not a message of its own, because its effect (the message and its CommunicationLogged, the task, the
/// lifecycle move, the suggestion), the run's WorkflowStepCompleted/Failed and the next step's message must commit together:
/// a separate message would commit the effect in another transaction, so a crash between the two would either lose the
/// run's record of it or, on retry, repeat it. Steps are idempotent (UUIDv5 ids checked with FetchStreamStateAsync) and let
/// channel and gateway exceptions propagate, which the dispatcher retries and, after <c>Workflows:MaxAttempts</c>, turns
/// into a failed step.
/// </summary>
public interface IWorkflowStep
{
    /// <summary>The step kind this implements (one implementation per kind).</summary>
    WorkflowStepType Type { get; }

    /// <summary>Runs the step in <paramref name="context"/>'s session and says how it ended.</summary>
    Task<WorkflowStepOutcome> RunAsync(WorkflowStepContext context, CancellationToken ct);
}

/// <summary>The step kinds by <see cref="WorkflowStepType"/> (a singleton built from every registered <see cref="IWorkflowStep"/>).</summary>
public sealed class WorkflowSteps(IEnumerable<IWorkflowStep> steps)
{
    private readonly Dictionary<WorkflowStepType, IWorkflowStep> _byType = steps.ToDictionary(s => s.Type);

    /// <summary>Runs the step with its kind's implementation; a kind without one fails the step.</summary>
    public Task<WorkflowStepOutcome> RunAsync(WorkflowStepContext context, CancellationToken ct) =>
        _byType.TryGetValue(context.Step.Type, out var step)
            ? step.RunAsync(context, ct)
            : Task.FromResult(WorkflowStepOutcome.Failed($"unknown step type {context.Step.Type}"));
}
