namespace ChiroClick.Domain.Workflows;

/// <summary>A workflow was defined. One stream per workflow.</summary>
/// <param name="WorkflowId">Stream id.</param>
/// <param name="Name">Name shown to staff.</param>
/// <param name="Trigger">What starts a run.</param>
/// <param name="Steps">Steps run in order.</param>
/// <param name="Active">Whether it reacts from now on.</param>
/// <param name="DefaultKey">"check_in", "nps_after_third_visit", "reactivation" for the defaults every clinic gets; null for the clinic's own.</param>
/// <param name="CreatedAt">When.</param>
public sealed record WorkflowCreated(Guid WorkflowId, string Name, WorkflowTrigger Trigger, IReadOnlyList<WorkflowStep> Steps, bool Active,
    string? DefaultKey, DateTimeOffset CreatedAt);

/// <summary>The definition changed (full new values). Runs already started keep the steps they started with.</summary>
/// <param name="WorkflowId">Workflow.</param>
/// <param name="Name">Name.</param>
/// <param name="Trigger">Trigger.</param>
/// <param name="Steps">Steps.</param>
public sealed record WorkflowUpdated(Guid WorkflowId, string Name, WorkflowTrigger Trigger, IReadOnlyList<WorkflowStep> Steps);

/// <summary>The workflow reacts to triggers again, from <paramref name="At"/> on (earlier events never start runs).</summary>
/// <param name="WorkflowId">Workflow.</param>
/// <param name="At">When.</param>
public sealed record WorkflowActivated(Guid WorkflowId, DateTimeOffset At);

/// <summary>The workflow stops reacting; its running runs are cancelled in the same transaction.</summary>
/// <param name="WorkflowId">Workflow.</param>
/// <param name="At">When.</param>
public sealed record WorkflowDeactivated(Guid WorkflowId, DateTimeOffset At);

/// <summary>A run started for one patient or lead. One stream per run; its id is derived from the workflow and the trigger, so the same trigger never starts two runs.</summary>
/// <param name="RunId">Stream id (UUIDv5 of workflow id + trigger key).</param>
/// <param name="WorkflowId">Workflow.</param>
/// <param name="WorkflowVersion">Workflow stream version whose steps the run follows.</param>
/// <param name="WorkflowName">Workflow name at start.</param>
/// <param name="PatientId">Patient the run is about, or null for a lead.</param>
/// <param name="LeadId">Lead the run is about, or null.</param>
/// <param name="Trigger">Trigger kind.</param>
/// <param name="TriggerKey">Why it started: the triggering event id, or "no-visit:…"/"schedule:…" for sweeps.</param>
/// <param name="Reason">Why, in words (shown to auditors).</param>
/// <param name="TriggerAt">Business time of what triggered it (the visit's time, the answer's time, the threshold crossed...).</param>
/// <param name="Steps">The steps, copied from the workflow.</param>
/// <param name="StartedAt">When.</param>
public sealed record WorkflowRunStarted(Guid RunId, Guid WorkflowId, int WorkflowVersion, string WorkflowName, Guid? PatientId, Guid? LeadId,
    WorkflowTriggerType Trigger, string TriggerKey, string Reason, DateTimeOffset TriggerAt, IReadOnlyList<WorkflowStep> Steps, DateTimeOffset StartedAt);

/// <summary>A step finished.</summary>
/// <param name="RunId">Run.</param>
/// <param name="Index">0-based step index.</param>
/// <param name="Type">Step kind.</param>
/// <param name="Detail">What happened ("e-mail to k***@example.no", "next step due 2026-12-01T10:00Z"...).</param>
/// <param name="CompletedAt">When.</param>
/// <param name="NextStepDueAt">When the next step is due (after a wait), or null for "now".</param>
/// <param name="CommunicationId">CommunicationLogged stream of a sent message, or null.</param>
public sealed record WorkflowStepCompleted(Guid RunId, int Index, WorkflowStepType Type, string Detail, DateTimeOffset CompletedAt,
    DateTimeOffset? NextStepDueAt = null, Guid? CommunicationId = null);

/// <summary>A draft_sms step is waiting for staff to accept, modify or reject the AI suggestion.</summary>
/// <param name="RunId">Run.</param>
/// <param name="Index">Step index.</param>
/// <param name="SuggestionId">The AI suggestion holding the draft.</param>
/// <param name="At">When.</param>
public sealed record WorkflowStepAwaitingApproval(Guid RunId, int Index, Guid SuggestionId, DateTimeOffset At);

/// <summary>A step failed for good (no consent, no address, retries exhausted, draft rejected); the run ends as failed.</summary>
/// <param name="RunId">Run.</param>
/// <param name="Index">Step index.</param>
/// <param name="Type">Step kind.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="FailedAt">When.</param>
public sealed record WorkflowStepFailed(Guid RunId, int Index, WorkflowStepType Type, string Reason, DateTimeOffset FailedAt);

/// <summary>How a run ended.</summary>
public enum WorkflowRunOutcome
{
    /// <summary>Every step completed.</summary>
    Completed,
    /// <summary>A step failed.</summary>
    Failed,
    /// <summary>The workflow was deactivated while the run waited.</summary>
    Cancelled,
    /// <summary>A newer visit restarted the workflow for the patient (visit_completed workflows without visitNumber).</summary>
    Superseded,
}

/// <summary>The run ended.</summary>
/// <param name="RunId">Run.</param>
/// <param name="Outcome">completed, failed, cancelled or superseded.</param>
/// <param name="Reason">Why, in words, or null.</param>
/// <param name="CompletedAt">When.</param>
public sealed record WorkflowRunCompleted(Guid RunId, WorkflowRunOutcome Outcome, string? Reason, DateTimeOffset CompletedAt);

/// <summary>A follow-up task for staff was created (by a workflow or by hand). One stream per task.</summary>
/// <param name="TaskId">Stream id.</param>
/// <param name="Title">What to do.</param>
/// <param name="PatientId">Patient concerned, or null.</param>
/// <param name="LeadId">Lead concerned, or null.</param>
/// <param name="DueAt">When it is due.</param>
/// <param name="WorkflowRunId">Run that created it, or null.</param>
/// <param name="SuggestionId">The AI suggestion (e.g. an accepted consultation extraction) it came from, or null.</param>
public sealed record StaffTaskCreated(Guid TaskId, string Title, Guid? PatientId, Guid? LeadId, DateTimeOffset DueAt, Guid? WorkflowRunId,
    Guid? SuggestionId = null);

/// <summary>Staff marked the task done.</summary>
/// <param name="TaskId">Task.</param>
/// <param name="Note">Optional note.</param>
/// <param name="CompletedAt">When.</param>
public sealed record StaffTaskCompleted(Guid TaskId, string? Note, DateTimeOffset CompletedAt);

/// <summary>A call task for staff was created (by a workflow's call_task step): a staff task that also carries the number to call.</summary>
/// <param name="TaskId">Stream id.</param>
/// <param name="Title">What to do ("Ring tilbake Kari Nordmann").</param>
/// <param name="Phone">Number to call (E.164 when valid).</param>
/// <param name="Script">What to say, or null.</param>
/// <param name="PatientId">Patient concerned, or null.</param>
/// <param name="LeadId">Lead concerned, or null.</param>
/// <param name="DueAt">When it is due.</param>
/// <param name="WorkflowRunId">Run that created it.</param>
/// <param name="CallId">The missed call it answers, or null.</param>
/// <param name="MaxAttempts">Unanswered attempts after which it no longer comes back, or null.</param>
/// <param name="RetryAfterHours">Hours after an unanswered attempt when it is due again, or null.</param>
public sealed record CallTaskCreated(Guid TaskId, string Title, string Phone, string? Script, Guid? PatientId, Guid? LeadId, DateTimeOffset DueAt,
    Guid? WorkflowRunId, Guid? CallId, int? MaxAttempts, int? RetryAfterHours);

/// <summary>An outbound call to the task's number was made (logged by staff or reported by the phone system).</summary>
/// <param name="TaskId">Task.</param>
/// <param name="CallId">The outbound call.</param>
/// <param name="Attempt">Attempts so far, this one included.</param>
/// <param name="At">When the call started.</param>
/// <param name="NextDueAt">When the task comes back if the call stays unanswered, or null when it does not move.</param>
public sealed record CallTaskAttempted(Guid TaskId, Guid CallId, int Attempt, DateTimeOffset At, DateTimeOffset? NextDueAt);
