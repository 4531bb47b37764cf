using ChiroClick.Api.Workflows;
using ChiroClick.Domain.Common;
using ChiroClick.Domain.Patients;
using ChiroClick.Domain.Workflows;

namespace ChiroClick.Api.Patients;

/// <summary>
/// move_lifecycle_stage: moves the run's patient to the step's stage through the patient's decision
/// (<see cref="PatientDecisions.MoveByWorkflow"/>, an automatic move naming the workflow), appended to the patient's stream at the
/// version read; a patient already there is left alone.
/// </summary>
public sealed class MoveLifecycleStageStep : IWorkflowStep
{
    /// <inheritdoc />
    public WorkflowStepType Type => WorkflowStepType.MoveLifecycleStage;

    /// <inheritdoc />
    public async Task<WorkflowStepOutcome> RunAsync(WorkflowStepContext c, CancellationToken ct)
    {
        if (c.Run.PatientId is not { } patientId) return WorkflowStepOutcome.Failed("the patient no longer exists");
        var stream = await c.Session.Events.FetchForWriting<Patient>(patientId, ct);
        if (stream.Aggregate is not { } patient) return WorkflowStepOutcome.Failed("the patient no longer exists");
        var to = c.Step.Stage!.Value;
        var events = PatientDecisions.MoveByWorkflow(patient, to, c.Run.WorkflowName, c.Now);
        if (events.Count == 0) return WorkflowStepOutcome.Done($"already {WireName.Of(to)}");
        stream.AppendMany(events);
        return WorkflowStepOutcome.Done($"moved from {WireName.Of(patient.Stage)} to {WireName.Of(to)}");
    }
}
