using System.Xml;
using ChiroClick.Domain.Campaigns;
using ChiroClick.Domain.Leads;
using ChiroClick.Domain.Patients;

namespace ChiroClick.Domain.Workflows;

/// <summary>What starts a workflow run.</summary>
public enum WorkflowTriggerType
{
    /// <summary>A visit was recorded (VisitCompleted); optional <see cref="WorkflowTrigger.VisitNumber"/> (the n-th visit only).</summary>
    VisitCompleted,
    /// <summary>A lead was captured (LeadCaptured); the run's subject is the lead.</summary>
    LeadCaptured,
    /// <summary>A lead moved stage (LeadStageChanged); optional <see cref="WorkflowTrigger.LeadStage"/> (only moves into it).</summary>
    LeadStageChanged,
    /// <summary>An NPS answer arrived (SurveyResponseReceived) with a score in <see cref="WorkflowTrigger.MinScore"/>..<see cref="WorkflowTrigger.MaxScore"/>.</summary>
    SurveyResponseReceived,
    /// <summary>A patient moved lifecycle stage (LifecycleStageChanged); optional <see cref="WorkflowTrigger.LifecycleStage"/>.</summary>
    LifecycleStageChanged,
    /// <summary>A patient has had no visit for <see cref="WorkflowTrigger.Days"/> days (checked by the periodic sweep).</summary>
    NoVisitFor,
    /// <summary>A date schedule: at <see cref="WorkflowTrigger.At"/>, repeated every <see cref="WorkflowTrigger.RepeatEveryDays"/> days, for every patient matching <see cref="WorkflowTrigger.Audience"/>.</summary>
    Schedule,
    /// <summary>An appointment was booked (AppointmentBooked); the subject is its patient or lead.</summary>
    AppointmentBooked,
    /// <summary>An appointment was cancelled, by the patient or the clinic (AppointmentCancelled).</summary>
    AppointmentCancelled,
    /// <summary>The patient did not come (AppointmentNoShow).</summary>
    AppointmentNoShow,
    /// <summary>An appointment was completed (AppointmentCompleted).</summary>
    AppointmentCompleted,
    /// <summary>An inbound call was missed or went to voicemail (CallMissed, CallVoicemailLeft; once per call); the subject is the matched patient or lead, if any.</summary>
    CallMissed,
}

/// <summary>What a workflow step does.</summary>
public enum WorkflowStepType
{
    /// <summary>Waits <see cref="WorkflowStep.Duration"/> (ISO 8601, e.g. "P3D", "PT2H") or the clinic's check-in frequency (<see cref="WorkflowStep.UseCheckInFrequency"/>); a Wolverine scheduled message resumes the run.</summary>
    Wait,
    /// <summary>Sends <see cref="WorkflowStep.Template"/> on <see cref="WorkflowStep.Channel"/>, only with the patient's consent for <see cref="WorkflowStep.Purpose"/>.</summary>
    SendMessage,
    /// <summary>Sends the NPS survey (<see cref="WorkflowStep.SurveyId"/>, or the clinic's default NPS survey), with the surveys consent.</summary>
    SendNpsSurvey,
    /// <summary>Creates a follow-up task for staff (<see cref="WorkflowStep.Title"/>, due after <see cref="WorkflowStep.DueInDays"/> days).</summary>
    CreateTask,
    /// <summary>Moves the patient to lifecycle stage <see cref="WorkflowStep.Stage"/>.</summary>
    MoveLifecycleStage,
    /// <summary>Drafts a personalised SMS with the AI gateway's sms_generation task from <see cref="WorkflowStep.Instructions"/> and holds it for staff approval (accept/modify sends it, reject fails the step).</summary>
    DraftSms,
    /// <summary>Creates a call task for staff: <see cref="WorkflowStep.Title"/>, the number to call (the missed caller's, else the subject's phone) and <see cref="WorkflowStep.Script"/>, due after <see cref="WorkflowStep.DueInMinutes"/> (default <c>Telephony:CallbackWithinMinutes</c>); closed when an outbound call to the number is answered; with <see cref="WorkflowStep.MaxAttempts"/> an unanswered attempt makes it come back after <see cref="WorkflowStep.RetryAfterHours"/>.</summary>
    CallTask,
}

/// <summary>Channel of a workflow message.</summary>
public enum WorkflowChannel
{
    /// <summary>Text message.</summary>
    Sms,
    /// <summary>E-mail.</summary>
    Email,
    /// <summary>SMS when the recipient has a phone number and the SMS consent, else e-mail.</summary>
    Preferred,
}

/// <summary>The trigger of a workflow; only the fields of its <see cref="Type"/> are used.</summary>
/// <param name="Type">Trigger kind.</param>
/// <param name="VisitNumber">visit_completed: only the patient's n-th visit (1-based); null = every visit.</param>
/// <param name="LeadStage">lead_stage_changed: only moves into this stage; null = any move.</param>
/// <param name="MinScore">survey_response_received: lowest score (0..10) that triggers; null = 0.</param>
/// <param name="MaxScore">survey_response_received: highest score (0..10) that triggers; null = 10.</param>
/// <param name="LifecycleStage">lifecycle_stage_changed: only moves into this stage; null = any move.</param>
/// <param name="Days">no_visit_for: days without a visit (1..3650).</param>
/// <param name="At">schedule: first occurrence.</param>
/// <param name="RepeatEveryDays">schedule: repeat interval in days; null = once.</param>
/// <param name="Audience">schedule: which patients (campaign audience filter); null = all.</param>
public sealed record WorkflowTrigger(
    WorkflowTriggerType Type,
    int? VisitNumber = null,
    LeadStage? LeadStage = null,
    int? MinScore = null,
    int? MaxScore = null,
    LifecycleStage? LifecycleStage = null,
    int? Days = null,
    DateTimeOffset? At = null,
    int? RepeatEveryDays = null,
    AudienceFilter? Audience = null)
{
    /// <summary>The latest occurrence of a schedule trigger at or before <paramref name="now"/>, or null when none has come yet.</summary>
    public DateTimeOffset? LatestOccurrence(DateTimeOffset now)
    {
        if (Type != WorkflowTriggerType.Schedule || At is not { } first || now < first) return null;
        if (RepeatEveryDays is not { } every || every <= 0) return first;
        var periods = (long)Math.Floor((now - first).TotalDays / every);
        return first.AddDays(periods * every);
    }
}

/// <summary>One step of a workflow; only the fields of its <see cref="Type"/> are used.</summary>
/// <param name="Type">Step kind.</param>
/// <param name="Duration">wait: ISO 8601 duration ("P30D", "PT10M").</param>
/// <param name="UseCheckInFrequency">wait: wait the clinic's check-in frequency (settings) instead of <paramref name="Duration"/>.</param>
/// <param name="Channel">send_message / send_nps_survey: sms, email or preferred.</param>
/// <param name="Purpose">send_message / draft_sms: the consent purpose the message needs (care, marketing); default care.</param>
/// <param name="Subject">send_message: e-mail subject.</param>
/// <param name="Template">send_message: body with placeholders <c>{firstName}</c>, <c>{fullName}</c>.</param>
/// <param name="SurveyId">send_nps_survey: survey to send; null = the clinic's default NPS survey (created on first use).</param>
/// <param name="Title">create_task: task title (placeholders allowed).</param>
/// <param name="DueInDays">create_task: due after this many days; null = due now.</param>
/// <param name="Stage">move_lifecycle_stage: target stage.</param>
/// <param name="Instructions">draft_sms: what the message should say (Norwegian); the patient's first name is given as context.</param>
/// <param name="Script">call_task: what to say (placeholders allowed).</param>
/// <param name="DueInMinutes">call_task: due after this many minutes; null = <c>Telephony:CallbackWithinMinutes</c>.</param>
/// <param name="MaxAttempts">call_task: unanswered attempts after which the task no longer comes back; null = attempts do not move it.</param>
/// <param name="RetryAfterHours">call_task: hours after an unanswered attempt when the task is due again (required with maxAttempts).</param>
public sealed record WorkflowStep(
    WorkflowStepType Type,
    string? Duration = null,
    bool UseCheckInFrequency = false,
    WorkflowChannel? Channel = null,
    ConsentPurpose? Purpose = null,
    string? Subject = null,
    string? Template = null,
    Guid? SurveyId = null,
    string? Title = null,
    int? DueInDays = null,
    LifecycleStage? Stage = null,
    string? Instructions = null,
    string? Script = null,
    int? DueInMinutes = null,
    int? MaxAttempts = null,
    int? RetryAfterHours = null)
{
    /// <summary>The wait of a wait step: the check-in frequency (days) or the parsed <see cref="Duration"/>.</summary>
    public TimeSpan WaitFor(int checkInFrequencyDays) =>
        UseCheckInFrequency ? TimeSpan.FromDays(checkInFrequencyDays) : XmlConvert.ToTimeSpan(Duration!);
}

/// <summary>Validation of workflow definitions (400 field errors keyed by JSON path).</summary>
public static class WorkflowRules
{
    /// <summary>Longest wait accepted (5 years).</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromDays(5 * 365);

    /// <summary>At most this many steps per workflow.</summary>
    public const int MaxSteps = 20;

    /// <summary>Field errors of a definition; empty when valid.</summary>
    public static Dictionary<string, string[]> Check(string? name, WorkflowTrigger? trigger, IReadOnlyList<WorkflowStep>? steps)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }
        if (string.IsNullOrWhiteSpace(name)) Add("name", "name is required.");
        else if (name.Length > 200) Add("name", "name is at most 200 characters.");
        if (trigger is null) Add("trigger", "trigger is required.");
        else
        {
            switch (trigger.Type)
            {
                case WorkflowTriggerType.VisitCompleted when trigger.VisitNumber is < 1:
                    Add("trigger.visitNumber", "visitNumber is 1 or more."); break;
                case WorkflowTriggerType.SurveyResponseReceived:
                    if (trigger.MinScore is < 0 or > 10) Add("trigger.minScore", "minScore is 0..10.");
                    if (trigger.MaxScore is < 0 or > 10) Add("trigger.maxScore", "maxScore is 0..10.");
                    if (trigger is { MinScore: { } lo, MaxScore: { } hi } && lo > hi) Add("trigger.minScore", "minScore is above maxScore.");
                    break;
                case WorkflowTriggerType.NoVisitFor when trigger.Days is not (>= 1 and <= 3650):
                    Add("trigger.days", "days is required for no_visit_for: 1..3650."); break;
                case WorkflowTriggerType.Schedule:
                    if (trigger.At is null) Add("trigger.at", "at is required for a schedule.");
                    if (trigger.RepeatEveryDays is < 1) Add("trigger.repeatEveryDays", "repeatEveryDays is 1 or more.");
                    break;
            }
        }
        if (steps is not { Count: > 0 }) Add("steps", "steps must hold at least one step.");
        else if (steps.Count > MaxSteps) Add("steps", $"at most {MaxSteps} steps.");
        else
        {
            var leadSubject = trigger?.Type is WorkflowTriggerType.LeadCaptured or WorkflowTriggerType.LeadStageChanged;
            for (var i = 0; i < steps.Count; i++)
            {
                var s = steps[i];
                var at = $"steps[{i}]";
                if (s is null) { Add(at, "step is null."); continue; }
                switch (s.Type)
                {
                    case WorkflowStepType.Wait when s.UseCheckInFrequency:
                        break;
                    case WorkflowStepType.Wait:
                        if (!TryDuration(s.Duration, out var wait)) Add($"{at}.duration", "duration is an ISO 8601 duration such as \"P3D\" or \"PT2H\" (or set useCheckInFrequency).");
                        else if (wait <= TimeSpan.Zero || wait > MaxWait) Add($"{at}.duration", "duration is above zero and at most 5 years.");
                        break;
                    case WorkflowStepType.SendMessage:
                        if (string.IsNullOrWhiteSpace(s.Template)) Add($"{at}.template", "template is required.");
                        if (s.Channel is null) Add($"{at}.channel", "channel is required: sms, email or preferred.");
                        if (s.Channel is WorkflowChannel.Email or WorkflowChannel.Preferred && string.IsNullOrWhiteSpace(s.Subject))
                            Add($"{at}.subject", "subject is required when the message may go by e-mail.");
                        if (s.Purpose is ConsentPurpose.Surveys) Add($"{at}.purpose", "purpose is care or marketing (surveys go through send_nps_survey).");
                        break;
                    case WorkflowStepType.SendNpsSurvey:
                        if (leadSubject) Add($"{at}.type", "send_nps_survey needs a patient: not available for lead triggers.");
                        break;
                    case WorkflowStepType.CreateTask:
                        if (string.IsNullOrWhiteSpace(s.Title)) Add($"{at}.title", "title is required.");
                        if (s.DueInDays is < 0 or > 3650) Add($"{at}.dueInDays", "dueInDays is 0..3650.");
                        break;
                    case WorkflowStepType.MoveLifecycleStage:
                        if (s.Stage is null) Add($"{at}.stage", "stage is required.");
                        if (leadSubject) Add($"{at}.type", "move_lifecycle_stage needs a patient: not available for lead triggers.");
                        break;
                    case WorkflowStepType.DraftSms:
                        if (string.IsNullOrWhiteSpace(s.Instructions)) Add($"{at}.instructions", "instructions are required.");
                        if (s.Purpose is ConsentPurpose.Surveys) Add($"{at}.purpose", "purpose is care or marketing.");
                        break;
                    case WorkflowStepType.CallTask:
                        if (string.IsNullOrWhiteSpace(s.Title)) Add($"{at}.title", "title is required.");
                        if (s.DueInMinutes is < 0 or > 10080) Add($"{at}.dueInMinutes", "dueInMinutes is 0..10080 (a week).");
                        if (s.MaxAttempts is < 1 or > 20) Add($"{at}.maxAttempts", "maxAttempts is 1..20.");
                        if (s.MaxAttempts is not null && s.RetryAfterHours is not (>= 1 and <= 720))
                            Add($"{at}.retryAfterHours", "retryAfterHours is required with maxAttempts: 1..720.");
                        break;
                }
            }
        }
        return errors.ToDictionary(x => x.Key, x => x.Value.ToArray());
    }

    /// <summary>Parses an ISO 8601 duration ("P3D", "PT90M"); false when absent or malformed.</summary>
    public static bool TryDuration(string? value, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(value)) return false;
        try
        {
            duration = XmlConvert.ToTimeSpan(value.Trim());
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
