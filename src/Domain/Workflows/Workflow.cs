namespace ChiroClick.Domain.Workflows;

/// <summary>Workflow aggregate, also stored as the inline workflow read model.</summary>
/// <param name="Id">Workflow id.</param>
/// <param name="Version">Stream version.</param>
/// <param name="Name">Name.</param>
/// <param name="Trigger">Trigger.</param>
/// <param name="Steps">Steps.</param>
/// <param name="Active">Whether triggers start runs.</param>
/// <param name="ActiveSince">Start of the current active period: only events and thresholds from then on start runs; null when inactive.</param>
/// <param name="DefaultKey">Key of a default workflow, or null.</param>
/// <param name="CreatedAt">Creation time.</param>
public sealed record Workflow(Guid Id, int Version, string Name, WorkflowTrigger Trigger, IReadOnlyList<WorkflowStep> Steps, bool Active,
    DateTimeOffset? ActiveSince, string? DefaultKey, DateTimeOffset CreatedAt)
{
    /// <summary>From its creation.</summary>
    public static Workflow Create(WorkflowCreated e) =>
        new(e.WorkflowId, 1, e.Name, e.Trigger, e.Steps, e.Active, e.Active ? e.CreatedAt : null, e.DefaultKey, e.CreatedAt);

    /// <summary>New definition.</summary>
    public Workflow Apply(WorkflowUpdated e) => this with { Name = e.Name, Trigger = e.Trigger, Steps = e.Steps };

    /// <summary>Active again.</summary>
    public Workflow Apply(WorkflowActivated e) => this with { Active = true, ActiveSince = e.At };

    /// <summary>Inactive.</summary>
    public Workflow Apply(WorkflowDeactivated e) => this with { Active = false, ActiveSince = null };

    /// <summary>Whether something that happened at <paramref name="at"/> may start a run: the workflow is active and was so at that time.</summary>
    public bool ReactsTo(DateTimeOffset at) => Active && ActiveSince is { } since && at >= since;
}

/// <summary>Run status.</summary>
public enum WorkflowRunStatus
{
    /// <summary>Steps remain (maybe waiting or awaiting approval).</summary>
    Running,
    /// <summary>Every step completed.</summary>
    Completed,
    /// <summary>A step failed.</summary>
    Failed,
    /// <summary>Cancelled by deactivation.</summary>
    Cancelled,
    /// <summary>Superseded by a newer visit.</summary>
    Superseded,
}

/// <summary>What happened to one step of a run.</summary>
/// <param name="Index">Step index.</param>
/// <param name="Type">Step kind.</param>
/// <param name="Status">completed, failed or awaiting_approval.</param>
/// <param name="Detail">What happened or why it failed.</param>
/// <param name="At">When.</param>
public sealed record WorkflowStepResult(int Index, WorkflowStepType Type, WorkflowStepStatus Status, string Detail, DateTimeOffset At);

/// <summary>What happened to one step. Serialised snake_case (<c>awaiting_approval</c>).</summary>
public enum WorkflowStepStatus
{
    /// <summary>The step did its work.</summary>
    Completed,
    /// <summary>The step failed for good.</summary>
    Failed,
    /// <summary>A draft_sms step waits for a clinician to decide on its AI suggestion.</summary>
    AwaitingApproval,
}

/// <summary>Workflow run aggregate, also stored as the inline run read model (what an auditor reads: why a patient got a message).</summary>
/// <param name="Id">Run id.</param>
/// <param name="Version">Stream version.</param>
/// <param name="WorkflowId">Workflow.</param>
/// <param name="WorkflowName">Workflow name at start.</param>
/// <param name="PatientId">Patient, or null.</param>
/// <param name="LeadId">Lead, or null.</param>
/// <param name="Trigger">Trigger kind.</param>
/// <param name="Reason">Why it started.</param>
/// <param name="TriggerAt">Business time of the trigger.</param>
/// <param name="Steps">Steps being followed.</param>
/// <param name="Status">Run status.</param>
/// <param name="NextStep">Index of the next step to run (= Steps.Count when done).</param>
/// <param name="NextStepDueAt">When the next step is due, or null for "now".</param>
/// <param name="AwaitingSuggestionId">AI suggestion a draft_sms step waits on, or null.</param>
/// <param name="Results">Step results in order.</param>
/// <param name="StartedAt">Start time.</param>
/// <param name="CompletedAt">End time, or null.</param>
/// <param name="Outcome">Why it ended, or null while running.</param>
public sealed record WorkflowRun(Guid Id, int Version, Guid WorkflowId, string WorkflowName, Guid? PatientId, Guid? LeadId,
    WorkflowTriggerType Trigger, string Reason, DateTimeOffset TriggerAt, IReadOnlyList<WorkflowStep> Steps, WorkflowRunStatus Status, int NextStep,
    DateTimeOffset? NextStepDueAt, Guid? AwaitingSuggestionId, IReadOnlyList<WorkflowStepResult> Results, DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt, string? Outcome)
{
    /// <summary>From its start.</summary>
    public static WorkflowRun Create(WorkflowRunStarted e) =>
        new(e.RunId, 1, e.WorkflowId, e.WorkflowName, e.PatientId, e.LeadId, e.Trigger, e.Reason, e.TriggerAt, e.Steps, WorkflowRunStatus.Running, 0,
            null, null, [], e.StartedAt, null, null);

    /// <summary>Step done; the next one is due.</summary>
    public WorkflowRun Apply(WorkflowStepCompleted e) => this with
    {
        NextStep = e.Index + 1, NextStepDueAt = e.NextStepDueAt, AwaitingSuggestionId = null,
        Results = [.. Results, new WorkflowStepResult(e.Index, e.Type, WorkflowStepStatus.Completed, e.Detail, e.CompletedAt)],
    };

    /// <summary>Waiting for staff.</summary>
    public WorkflowRun Apply(WorkflowStepAwaitingApproval e) => this with
    {
        AwaitingSuggestionId = e.SuggestionId,
        Results = [.. Results, new WorkflowStepResult(e.Index, Steps[e.Index].Type, WorkflowStepStatus.AwaitingApproval, $"AI suggestion {e.SuggestionId}", e.At)],
    };

    /// <summary>Step failed.</summary>
    public WorkflowRun Apply(WorkflowStepFailed e) => this with
    {
        AwaitingSuggestionId = null,
        Results = [.. Results, new WorkflowStepResult(e.Index, e.Type, WorkflowStepStatus.Failed, e.Reason, e.FailedAt)],
    };

    /// <summary>Ended.</summary>
    public WorkflowRun Apply(WorkflowRunCompleted e) => this with
    {
        Status = e.Outcome switch
        {
            WorkflowRunOutcome.Completed => WorkflowRunStatus.Completed,
            WorkflowRunOutcome.Failed => WorkflowRunStatus.Failed,
            WorkflowRunOutcome.Cancelled => WorkflowRunStatus.Cancelled,
            _ => WorkflowRunStatus.Superseded,
        },
        CompletedAt = e.CompletedAt, Outcome = e.Reason, NextStepDueAt = null, AwaitingSuggestionId = null,
    };
}

/// <summary>Staff task aggregate and read model.</summary>
/// <param name="Id">Task id.</param>
/// <param name="Version">Stream version.</param>
/// <param name="Title">What to do.</param>
/// <param name="PatientId">Patient, or null.</param>
/// <param name="LeadId">Lead, or null.</param>
/// <param name="DueAt">Due time.</param>
/// <param name="WorkflowRunId">Creating run, or null.</param>
/// <param name="Done">Whether completed.</param>
/// <param name="CompletedAt">Completion time, or null.</param>
/// <param name="Note">Completion note, or null.</param>
/// <param name="Phone">Call tasks: the number to call; null for other tasks.</param>
/// <param name="Script">Call tasks: what to say, or null.</param>
/// <param name="Attempts">Call tasks: outbound calls to the number made so far.</param>
/// <param name="MaxAttempts">Call tasks: unanswered attempts after which the task no longer comes back, or null.</param>
/// <param name="RetryAfterHours">Call tasks: hours after an unanswered attempt when the task is due again, or null.</param>
/// <param name="CallId">Call tasks: the missed call being answered, or null.</param>
/// <param name="AttemptCallIds">Call tasks: the outbound calls counted as attempts.</param>
/// <param name="SuggestionId">The AI suggestion it came from, or null.</param>
public sealed record StaffTask(Guid Id, int Version, string Title, Guid? PatientId, Guid? LeadId, DateTimeOffset DueAt, Guid? WorkflowRunId,
    bool Done, DateTimeOffset? CompletedAt, string? Note, string? Phone = null, string? Script = null, int Attempts = 0, int? MaxAttempts = null,
    int? RetryAfterHours = null, Guid? CallId = null, IReadOnlyList<Guid>? AttemptCallIds = null, Guid? SuggestionId = null)
{
    /// <summary>From its creation.</summary>
    public static StaffTask Create(StaffTaskCreated e) =>
        new(e.TaskId, 1, e.Title, e.PatientId, e.LeadId, e.DueAt, e.WorkflowRunId, false, null, null, SuggestionId: e.SuggestionId);

    /// <summary>A call task from its creation.</summary>
    public static StaffTask Create(CallTaskCreated e) =>
        new(e.TaskId, 1, e.Title, e.PatientId, e.LeadId, e.DueAt, e.WorkflowRunId, false, null, null, e.Phone, e.Script, 0, e.MaxAttempts,
            e.RetryAfterHours, e.CallId, []);

    /// <summary>An outbound call was made; the task comes back at <see cref="CallTaskAttempted.NextDueAt"/> when one is set.</summary>
    public StaffTask Apply(CallTaskAttempted e) => this with
    {
        Attempts = e.Attempt, DueAt = e.NextDueAt ?? DueAt, AttemptCallIds = [.. AttemptCallIds ?? [], e.CallId],
    };

    /// <summary>Done.</summary>
    public StaffTask Apply(StaffTaskCompleted e) => this with { Done = true, CompletedAt = e.CompletedAt, Note = e.Note };
}
