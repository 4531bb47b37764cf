using ChiroClick.Api.Clinics;
using ChiroClick.Api.Messaging;
using ChiroClick.Domain.Workflows;

namespace ChiroClick.Api.Workflows;

/// <summary>
/// wait: the next step is due after <see cref="WorkflowStep.Duration"/> or the clinic's check-in frequency; the dispatcher
/// schedules its message for then.
/// </summary>
public sealed class WaitStep : IWorkflowStep
{
    /// <inheritdoc />
    public WorkflowStepType Type => WorkflowStepType.Wait;

    /// <inheritdoc />
    public async Task<WorkflowStepOutcome> RunAsync(WorkflowStepContext c, CancellationToken ct)
    {
        var settings = await ClinicSettingsStore.ForSessionAsync(c.Session, ct);
        var wait = c.Step.UseCheckInFrequency
            ? TimeSpan.FromDays(settings.CheckInFrequencyDays)
            : WorkflowRules.TryDuration(c.Step.Duration, out var d) ? d : TimeSpan.Zero;
        var dueAt = c.Now + wait;
        var what = c.Step.UseCheckInFrequency ? $"check-in frequency {settings.CheckInFrequencyDays} days" : c.Step.Duration;
        return WorkflowStepOutcome.Done($"waiting {what}: next step due {dueAt:yyyy-MM-dd'T'HH:mm:ss'Z'}", nextDueAt: dueAt);
    }
}

/// <summary>
/// create_task: a staff task (stream id UUIDv5(run, "task:" + index), so a repeated step creates none) titled with the rendered
/// <see cref="WorkflowStep.Title"/>, due after <see cref="WorkflowStep.DueInDays"/>.
/// </summary>
public sealed class CreateTaskStep : IWorkflowStep
{
    /// <inheritdoc />
    public WorkflowStepType Type => WorkflowStepType.CreateTask;

    /// <inheritdoc />
    public async Task<WorkflowStepOutcome> RunAsync(WorkflowStepContext c, CancellationToken ct)
    {
        var (run, session) = (c.Run, c.Session);
        var to = await MessageRecipient.LoadAsync(session, run.PatientId, run.LeadId, ct);
        var id = Import.DeterministicGuid.Create(run.Id, $"task:{c.Index}");
        if (await session.Events.FetchStreamStateAsync(id, ct) is not null) return WorkflowStepOutcome.Done($"task {id} already created");
        var title = MessageTemplates.Render(c.Step.Title!, to?.FullName ?? "");
        session.Events.StartStream<StaffTask>(id, new StaffTaskCreated(id, title, run.PatientId, run.LeadId, c.Now.AddDays(c.Step.DueInDays ?? 0), run.Id));
        return WorkflowStepOutcome.Done($"task {id} created: {title}");
    }
}
