using ChiroClick.Api.Messaging;
using ChiroClick.Api.Telephony;
using ChiroClick.Domain.Telephony;
using ChiroClick.Domain.Workflows;
using ChiroClick.Projections.Telephony;
using JasperFx.Events;

namespace ChiroClick.Api.Workflows;

/// <summary>
/// The telephony side of workflows, fed by the "telephony-automation" relay like the other triggers: call_missed starts runs (run id
/// UUIDv5(workflow, "call:" + call id), so a missed call and its voicemail, or a redelivered event, start one run); an outbound call to
/// a call task's number counts as an attempt (with maxAttempts the task comes back after retryAfterHours), and an answered one closes
/// the number's open call tasks.
/// </summary>
public static class CallTriggerHandler
{
    /// <summary>call_missed, for a missed inbound call.</summary>
    public static Task<OutgoingMessages> Handle(IEvent<CallMissed> e, IDocumentSession session, TimeProvider clock, IOptions<WorkflowsOptions> options,
        CancellationToken ct) => StartAsync(session, e, e.Data.At, "missed call", clock, options.Value, ct);

    /// <summary>call_missed, for an inbound call that went to voicemail.</summary>
    public static Task<OutgoingMessages> Handle(IEvent<CallVoicemailLeft> e, IDocumentSession session, TimeProvider clock,
        IOptions<WorkflowsOptions> options, CancellationToken ct) => StartAsync(session, e, e.Data.At, "missed call with voicemail", clock, options.Value, ct);

    /// <summary>An outbound call (logged by staff or reported by the phone system): one attempt on each open call task for its number.</summary>
    public static async Task Handle(IEvent<CallLogged> e, IDocumentSession session, CancellationToken ct)
    {
        if (e.Data.Direction != CallDirection.Outbound) return;
        foreach (var task in await OpenTasksAsync(session, e.Data.Number, ct))
        {
            if (task.AttemptCallIds?.Contains(e.Data.CallId) == true) continue;
            var attempt = task.Attempts + 1;
            DateTimeOffset? next = task is { MaxAttempts: { } max, RetryAfterHours: { } hours } && attempt < max ? e.Data.At.AddHours(hours) : null;
            session.Events.Append(task.Id, task.Version + 1, new CallTaskAttempted(task.Id, e.Data.CallId, attempt, e.Data.At, next));
        }
    }

    /// <summary>An answered outbound call closes the open call tasks for its number.</summary>
    public static async Task Handle(IEvent<CallAnswered> e, IDocumentSession session, CancellationToken ct)
    {
        var call = await session.LoadAsync<CallSummary>(e.StreamId, ct);
        if (call is not { Direction: CallDirection.Outbound }) return;
        foreach (var task in await OpenTasksAsync(session, call.Number, ct))
            session.Events.Append(task.Id, task.Version + 1, new StaffTaskCompleted(task.Id, "Besvart: utgående samtale til nummeret.", e.Data.At));
    }

    private static async Task<OutgoingMessages> StartAsync(IDocumentSession session, IEvent e, DateTimeOffset at, string reason, TimeProvider clock,
        WorkflowsOptions options, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        var call = await session.LoadAsync<CallSummary>(e.StreamId, ct);
        if (call is not { Direction: CallDirection.Inbound, AnsweredAt: null }) return messages;
        // Calls recorded long after they happened (history loaded from the phone system) start nothing.
        if (e.Timestamp - at > options.BackdatedWindow) return messages;
        Guid? patient = call.PatientIds.Count > 0 ? call.PatientIds[0] : null;
        Guid? lead = patient is null && call.LeadIds.Count > 0 ? call.LeadIds[0] : null;
        foreach (var wf in await WorkflowTriggers.ReactingAsync(session, WorkflowTriggerType.CallMissed, e.Timestamp, ct))
            await WorkflowTriggers.StartAsync(session, messages, wf, patient, lead, $"call:{call.Id}", $"{reason} at {at:yyyy-MM-dd HH:mm}Z", at, clock, ct);
        return messages;
    }

    private static Task<IReadOnlyList<StaffTask>> OpenTasksAsync(IQuerySession session, string number, CancellationToken ct) =>
        session.Query<StaffTask>().Where(t => t.Phone == number && !t.Done).ToListAsync(ct);
}

/// <summary>The call_task step: a staff task with the number to call and a call script.</summary>
public sealed class CallTaskStep(IOptions<TelephonyOptions> telephony) : IWorkflowStep
{
    /// <inheritdoc />
    public WorkflowStepType Type => WorkflowStepType.CallTask;

    /// <summary>
    /// Creates the call task (id UUIDv5(run, "task:" + index)) for the number of the run's missed call, else the subject's phone; the
    /// title and script render <c>{fullName}</c> as the subject's name or, for an unknown caller, the number, due after
    /// <c>dueInMinutes</c> or <c>Telephony:CallbackWithinMinutes</c>. A number that already has an open call task gets no second
    /// one. Fails with the reason when there is no number to call.
    /// </summary>
    public async Task<WorkflowStepOutcome> RunAsync(WorkflowStepContext c, CancellationToken ct)
    {
        var (run, step, session) = (c.Run, c.Step, c.Session);
        var to = await MessageRecipient.LoadAsync(session, run.PatientId, run.LeadId, ct);
        var call = await MissedCallAsync(session, run, ct);
        var phone = call?.Number ?? to?.Phone;
        if (string.IsNullOrWhiteSpace(phone)) return WorkflowStepOutcome.Failed("no number to call");
        var open = await session.Query<StaffTask>().FirstOrDefaultAsync(t => t.Phone == phone && !t.Done, ct);
        if (open is not null) return WorkflowStepOutcome.Done($"call task {open.Id} for this number is already open");
        var id = Import.DeterministicGuid.Create(run.Id, $"task:{c.Index}");
        if (await session.Events.FetchStreamStateAsync(id, ct) is not null) return WorkflowStepOutcome.Done($"task {id} already created");
        var name = string.IsNullOrWhiteSpace(to?.FullName) ? phone : to.FullName;
        var title = MessageTemplates.Render(step.Title!, name);
        var script = step.Script is null ? null : MessageTemplates.Render(step.Script, name);
        session.Events.StartStream<StaffTask>(id, new CallTaskCreated(id, title, phone, script, run.PatientId, run.LeadId,
            c.Now.AddMinutes(step.DueInMinutes ?? telephony.Value.CallbackWithinMinutes), run.Id, call?.Id, step.MaxAttempts, step.RetryAfterHours));
        return WorkflowStepOutcome.Done($"call task {id} created: {title}");
    }

    // A call_missed run's trigger key names its call ("call:<id>"); it is on the run's first event.
    private static async Task<CallSummary?> MissedCallAsync(IQuerySession session, WorkflowRun run, CancellationToken ct)
    {
        if (run.Trigger != WorkflowTriggerType.CallMissed) return null;
        var first = (await session.Events.FetchStreamAsync(run.Id, 1, token: ct)).FirstOrDefault()?.Data as WorkflowRunStarted;
        return first?.TriggerKey is { } key && key.StartsWith("call:", StringComparison.Ordinal) && Guid.TryParse(key[5..], out var callId)
            ? await session.LoadAsync<CallSummary>(callId, ct)
            : null;
    }
}
