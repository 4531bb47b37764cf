using ChiroClick.Domain.Ai;
using ChiroClick.Domain.Leads;
using ChiroClick.Domain.Patients;
using ChiroClick.Domain.Surveys;
using ChiroClick.Domain.Workflows;
using ChiroClick.Projections.Patients;
using JasperFx.Events;

namespace ChiroClick.Api.Workflows;

/// <summary>
/// Starts workflow runs. Fed by the event store: the "crm-automation" subscription relays the trigger events to Wolverine in
/// their clinic's tenant (run by the async daemon, so none is missed across restarts). Rules shared by every trigger:
/// <list type="bullet">
/// <item>only active workflows react, and only to events appended while they were active (<see cref="Workflow.ReactsTo"/>), so
/// a replay, a rebuild or re-activating a workflow never reaches back into history;</item>
/// <item>the run id is UUIDv5(workflow id, trigger key), so the same trigger never starts two runs (the relay is at-least-once);</item>
/// <item>visits, survey answers and lifecycle moves recorded more than <c>Workflows:BackdatedWindow</c> (default 2 days) after
/// their business time — imports, back-filled journals, replayed history — start nothing;</item>
/// <item>for a visit_completed workflow without visitNumber, a newer visit supersedes the patient's waiting run (the check-in
/// counts from the latest visit).</item>
/// </list>
/// </summary>
public static class WorkflowTriggerHandler
{
    /// <summary>Configuration key of the backdated window (<see cref="WorkflowsOptions.BackdatedWindow"/>).</summary>
    public const string BackdatedWindowSetting = "Workflows:BackdatedWindow";

    private static bool Backdated(IEvent e, DateTimeOffset businessTime, IOptions<WorkflowsOptions> options) =>
        e.Timestamp - businessTime > options.Value.BackdatedWindow;

    /// <summary>visit_completed.</summary>
    public static async Task<OutgoingMessages> Handle(IEvent<VisitCompleted> e, IDocumentSession session, IOptions<WorkflowsOptions> options,
        TimeProvider clock, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        var visit = e.Data;
        if (Backdated(e, visit.CompletedAt, options)) return messages;
        var workflows = await WorkflowTriggers.ReactingAsync(session, WorkflowTriggerType.VisitCompleted, e.Timestamp, ct);
        if (workflows.Count == 0) return messages;
        int? ordinal = null;
        foreach (var wf in workflows)
        {
            if (wf.Trigger.VisitNumber is { } n)
            {
                ordinal ??= (await session.Events.FetchStreamAsync(visit.PatientId, e.Version, token: ct)).Count(x => x.Data is VisitCompleted);
                if (ordinal != n) continue;
            }
            else
            {
                var open = await session.Query<WorkflowRun>()
                    .Where(r => r.WorkflowId == wf.Id && r.PatientId == visit.PatientId && r.Status == WorkflowRunStatus.Running)
                    .ToListAsync(ct);
                // Relayed events may be handled out of order: an older visit never supersedes a newer one's run.
                if (open.Any(r => r.TriggerAt >= visit.CompletedAt)) continue;
                foreach (var r in open)
                    session.Events.Append(r.Id, r.Version + 1, new WorkflowRunCompleted(r.Id, WorkflowRunOutcome.Superseded,
                        $"superseded by the visit of {visit.CompletedAt:yyyy-MM-dd}", clock.GetUtcNow()));
            }
            var ord = wf.Trigger.VisitNumber is { } k ? $" (visit number {k})" : "";
            await WorkflowTriggers.StartAsync(session, messages, wf, visit.PatientId, null, $"event:{e.Id}",
                $"visit completed {visit.CompletedAt:yyyy-MM-dd HH:mm}Z{ord}", visit.CompletedAt, clock, ct);
        }
        return messages;
    }

    /// <summary>lead_captured (also handled by the referral handler of the same event).</summary>
    public static async Task<OutgoingMessages> Handle(IEvent<LeadCaptured> e, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        foreach (var wf in await WorkflowTriggers.ReactingAsync(session, WorkflowTriggerType.LeadCaptured, e.Timestamp, ct))
            await WorkflowTriggers.StartAsync(session, messages, wf, null, e.Data.LeadId, $"event:{e.Id}",
                $"lead captured ({Infrastructure.ChiroJson.Wire(e.Data.Source)})", e.Timestamp, clock, ct);
        return messages;
    }

    /// <summary>lead_stage_changed, filtered by the target stage.</summary>
    public static async Task<OutgoingMessages> Handle(IEvent<LeadStageChanged> e, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        foreach (var wf in await WorkflowTriggers.ReactingAsync(session, WorkflowTriggerType.LeadStageChanged, e.Timestamp, ct))
        {
            if (wf.Trigger.LeadStage is { } stage && stage != e.Data.To) continue;
            await WorkflowTriggers.StartAsync(session, messages, wf, null, e.Data.LeadId, $"event:{e.Id}",
                $"lead moved from {Infrastructure.ChiroJson.Wire(e.Data.From)} to {Infrastructure.ChiroJson.Wire(e.Data.To)}", e.Timestamp, clock, ct);
        }
        return messages;
    }

    /// <summary>survey_response_received, filtered by score; answers without a patient start nothing.</summary>
    public static async Task<OutgoingMessages> Handle(IEvent<SurveyResponseReceived> e, IDocumentSession session, TimeProvider clock,
        IOptions<WorkflowsOptions> options, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        if (e.Data.PatientId is not { } patientId || Backdated(e, e.Data.ReceivedAt, options)) return messages;
        foreach (var wf in await WorkflowTriggers.ReactingAsync(session, WorkflowTriggerType.SurveyResponseReceived, e.Timestamp, ct))
        {
            if (e.Data.Score < (wf.Trigger.MinScore ?? 0) || e.Data.Score > (wf.Trigger.MaxScore ?? 10)) continue;
            await WorkflowTriggers.StartAsync(session, messages, wf, patientId, null, $"event:{e.Id}",
                $"survey answer with score {e.Data.Score}", e.Data.ReceivedAt, clock, ct);
        }
        return messages;
    }

    /// <summary>lifecycle_stage_changed, filtered by the target stage.</summary>
    public static async Task<OutgoingMessages> Handle(IEvent<LifecycleStageChanged> e, IDocumentSession session, TimeProvider clock,
        IOptions<WorkflowsOptions> options, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        if (Backdated(e, e.Data.ChangedAt, options)) return messages;
        foreach (var wf in await WorkflowTriggers.ReactingAsync(session, WorkflowTriggerType.LifecycleStageChanged, e.Timestamp, ct))
        {
            if (wf.Trigger.LifecycleStage is { } stage && stage != e.Data.To) continue;
            await WorkflowTriggers.StartAsync(session, messages, wf, e.Data.PatientId, null, $"event:{e.Id}",
                $"lifecycle stage {Infrastructure.ChiroJson.Wire(e.Data.From)} → {Infrastructure.ChiroJson.Wire(e.Data.To)}" +
                (e.Data.Reason is { } why ? $" ({why})" : ""), e.Data.ChangedAt, clock, ct);
        }
        return messages;
    }

    /// <summary>A staff decision on an AI suggestion resumes the draft_sms step waiting on it, if any.</summary>
    public static Task<OutgoingMessages> Handle(IEvent<AiSuggestionAccepted> e, IQuerySession session, CancellationToken ct) =>
        WorkflowTriggers.ResumeAsync(session, e.Data.SuggestionId, ct);

    /// <summary>See the accepted overload.</summary>
    public static Task<OutgoingMessages> Handle(IEvent<AiSuggestionModified> e, IQuerySession session, CancellationToken ct) =>
        WorkflowTriggers.ResumeAsync(session, e.Data.SuggestionId, ct);

    /// <summary>See the accepted overload.</summary>
    public static Task<OutgoingMessages> Handle(IEvent<AiSuggestionRejected> e, IQuerySession session, CancellationToken ct) =>
        WorkflowTriggers.ResumeAsync(session, e.Data.SuggestionId, ct);
}

/// <summary>Starting and resuming runs, shared by the event triggers and the sweep.</summary>
public static class WorkflowTriggers
{
    /// <summary>Active workflows of the session's clinic with this trigger type that react to something appended at <paramref name="at"/>.</summary>
    public static async Task<IReadOnlyList<Workflow>> ReactingAsync(IQuerySession session, WorkflowTriggerType type, DateTimeOffset at,
        CancellationToken ct) =>
        (await ActiveWorkflowsCache.ActiveAsync(session, ct)).Where(w => w.Trigger.Type == type && w.ReactsTo(at)).ToList();

    /// <summary>
    /// Starts a run (WorkflowRunStarted) and queues its first step, unless a run with the same id (= same workflow and trigger
    /// key) exists. Returns whether it started.
    /// </summary>
    public static async Task<bool> StartAsync(IDocumentSession session, OutgoingMessages messages, Workflow wf, Guid? patientId, Guid? leadId,
        string triggerKey, string reason, DateTimeOffset triggerAt, TimeProvider clock, CancellationToken ct)
    {
        var runId = Import.DeterministicGuid.Create(wf.Id, triggerKey);
        if (await session.Events.FetchStreamStateAsync(runId, ct) is not null) return false;
        session.Events.StartStream<WorkflowRun>(runId, new WorkflowRunStarted(runId, wf.Id, wf.Version, wf.Name, patientId, leadId,
            wf.Trigger.Type, triggerKey, reason, triggerAt, wf.Steps, clock.GetUtcNow()));
        messages.Add(new ExecuteWorkflowStep(runId, 0));
        return true;
    }

    /// <summary>Queues the step of the run waiting on <paramref name="suggestionId"/>, if any.</summary>
    public static async Task<OutgoingMessages> ResumeAsync(IQuerySession session, Guid suggestionId, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        var run = await session.Query<WorkflowRun>().FirstOrDefaultAsync(r => r.AwaitingSuggestionId == suggestionId, ct);
        if (run is { Status: WorkflowRunStatus.Running }) messages.Add(new ExecuteWorkflowStep(run.Id, run.NextStep));
        return messages;
    }
}

/// <summary>Command: start the sweep-based runs (no_visit_for, schedule) and re-queue due steps, for the message's tenant (clinic).</summary>
public sealed record SweepWorkflows;

/// <summary>Wolverine handler of <see cref="SweepWorkflows"/>, sent with the lifecycle sweep (<c>Crm:LifecycleSweepInterval</c>).</summary>
public static class SweepWorkflowsHandler
{
    /// <summary>
    /// no_visit_for N days: patients whose last visit is N days old, where that threshold was crossed while the workflow was
    /// active (one run per absence: the key holds the last visit time). schedule: every patient matching the audience, once per
    /// occurrence that came while the workflow was active. Safety net: steps of running runs that are due (their scheduled
    /// message lost or the clock moved) are queued again; the step handler ignores duplicates.
    /// </summary>
    public static async Task<OutgoingMessages> Handle(SweepWorkflows _, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        var now = clock.GetUtcNow();
        var workflows = (await session.Query<Workflow>().Where(w => w.Active).ToListAsync(ct)).OrderBy(w => w.Id).ToList();
        List<PatientSummary>? patients = null;
        foreach (var wf in workflows)
        {
            if (wf.Trigger.Type is not (WorkflowTriggerType.NoVisitFor or WorkflowTriggerType.Schedule)) continue;
            patients ??= (await session.Query<PatientSummary>().ToListAsync(ct)).OrderBy(p => p.Id).ToList();
            if (wf.Trigger is { Type: WorkflowTriggerType.NoVisitFor, Days: { } days })
            {
                foreach (var p in patients)
                {
                    if (p.LastVisitAt is not { } last) continue;
                    var crossed = last.AddDays(days);
                    if (crossed > now || !wf.ReactsTo(crossed)) continue;
                    await WorkflowTriggers.StartAsync(session, messages, wf, p.Id, null, $"no-visit:{p.Id}:{last.ToUnixTimeMilliseconds()}",
                        $"no visit for {days} days (last {last:yyyy-MM-dd})", crossed, clock, ct);
                }
            }
            else if (wf.Trigger.LatestOccurrence(now) is { } occurrence && wf.ReactsTo(occurrence))
            {
                foreach (var p in patients.Where(p => WorkflowAudience.Matches(wf.Trigger.Audience, p)))
                    await WorkflowTriggers.StartAsync(session, messages, wf, p.Id, null, $"schedule:{p.Id}:{occurrence.ToUnixTimeMilliseconds()}",
                        $"scheduled {occurrence:yyyy-MM-dd HH:mm}Z", occurrence, clock, ct);
            }
        }
        var due = await session.Query<WorkflowRun>()
            .Where(r => r.Status == WorkflowRunStatus.Running && r.AwaitingSuggestionId == null && r.NextStepDueAt != null && r.NextStepDueAt <= now)
            .ToListAsync(ct);
        foreach (var r in due) messages.Add(new ExecuteWorkflowStep(r.Id, r.NextStep));
        return messages;
    }
}

/// <summary>Audience rules of schedule triggers (the campaign audience filter without the consent part: each step checks its own consent).</summary>
public static class WorkflowAudience
{
    /// <summary>Whether the patient matches; null filter = everyone.</summary>
    public static bool Matches(Domain.Campaigns.AudienceFilter? f, PatientSummary p) => f is null || Campaigns.CampaignAudience.MatchesFilter(f, p);
}
