using Microsoft.Extensions.Options;
using ChiroClick.AiGateway;
using ChiroClick.AiGateway.Ollama;
using ChiroClick.Api.Ai;
using ChiroClick.Api.Campaigns;
using ChiroClick.Api.Patients;
using ChiroClick.Api.Clinics;
using ChiroClick.Api.Referrals;
using ChiroClick.Api.Retention;
using ChiroClick.Api.Surveys;
using ChiroClick.Api.Waitlist;
using ChiroClick.Api.Communications;
using ChiroClick.Domain.Ai;
using ChiroClick.Domain.Communications;
using ChiroClick.Domain.Patients;
using ChiroClick.Domain.Surveys;
using ChiroClick.Domain.Workflows;
using ChiroClick.Projections.Ai;
using ChiroClick.Projections.Patients;
using Marten;
using Wolverine;

namespace ChiroClick.Api.Workflows;

/// <summary>Runs step <paramref name="Index"/> of run <paramref name="RunId"/> (in the envelope's tenant) when it is the run's next step and due.</summary>
/// <param name="RunId">Run.</param>
/// <param name="Index">Step index.</param>
public sealed record ExecuteWorkflowStep(Guid RunId, int Index);

/// <summary>
/// Wolverine handler of <see cref="ExecuteWorkflowStep"/> (durable local queue "workflow-steps"). Idempotent: a message for a
/// step that is not the run's next step, for a run no longer running, or arriving before the step is due changes nothing
/// (an early one is re-scheduled for the rest of the wait), so retries, duplicate deliveries, the sweep's safety-net
/// messages and restarts never run a step twice. Each step appends WorkflowStepCompleted / WorkflowStepFailed (and
/// WorkflowRunCompleted after the last or a failed step) in the same transaction as its effects and its follow-up message.
/// </summary>
public static class ExecuteWorkflowStepHandler
{
    /// <summary>Configuration key of <see cref="WorkflowsOptions.MaxAttempts"/>.</summary>
    public const string MaxAttemptsSetting = "Workflows:MaxAttempts";

    /// <summary>Runs the step.</summary>
    public static async Task<OutgoingMessages> Handle(ExecuteWorkflowStep m, Envelope envelope, IDocumentSession session, TimeProvider clock,
        IEmailSender email, ISmsSender sms, OllamaGateway gateway, IOptions<WorkflowsOptions> options, ILogger<ExecuteWorkflowStep> logger,
        CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        var stream = await session.Events.FetchForWriting<WorkflowRun>(m.RunId, ct);
        var run = stream.Aggregate;
        if (run is null || run.Status != WorkflowRunStatus.Running || run.NextStep != m.Index || m.Index >= run.Steps.Count) return messages;
        var now = clock.GetUtcNow();
        if (run.NextStepDueAt is { } due && due > now)
        {
            messages.Delay(m, due - now);
            return messages;
        }
        var workflow = await session.LoadAsync<Domain.Workflows.Workflow>(run.WorkflowId, ct);
        if (workflow is not { Active: true })
        {
            stream.AppendOne(new WorkflowRunCompleted(run.Id, WorkflowRunOutcome.Cancelled, "workflow deactivated", now));
            return messages;
        }

        var step = run.Steps[m.Index];
        StepOutcome outcome;
        try
        {
            outcome = step.Type == WorkflowStepType.CallTask
                ? await CallTaskAsync(run, m.Index, step, session, telephony.Value.CallbackWithinMinutes, now, ct)
                : await RunStepAsync(run, m.Index, step, session, clock, email, sms, gateway, ct);
        }
        catch (Exception ex) when (WorkflowsConfiguration.IsTransient(ex) && envelope.Attempts >= options.Value.MaxAttempts)
        {
            // Exception messages may quote an address or a provider's reply: the log and the stored reason get the type only.
            logger.LogWarning("Workflow run {Run} step {Index} failed after {Attempts} attempts: {Error}", run.Id, m.Index, envelope.Attempts,
                Infrastructure.SafeErrors.Describe(ex));
            outcome = StepOutcome.Failed($"gave up after {envelope.Attempts} attempts: {Infrastructure.SafeErrors.Describe(ex)}");
        }

        switch (outcome)
        {
            case { Kind: OutcomeKind.Awaiting } when outcome.SuggestionId == run.AwaitingSuggestionId:
                break;
            case { Kind: OutcomeKind.Awaiting }:
                stream.AppendOne(new WorkflowStepAwaitingApproval(run.Id, m.Index, outcome.SuggestionId!.Value, now));
                break;
            case { Kind: OutcomeKind.Failed }:
                stream.AppendMany(new WorkflowStepFailed(run.Id, m.Index, step.Type, outcome.Detail, now),
                    new WorkflowRunCompleted(run.Id, WorkflowRunOutcome.Failed, $"step {m.Index + 1} ({Name(step.Type)}) failed: {outcome.Detail}", now));
                break;
            default:
                stream.AppendOne(new WorkflowStepCompleted(run.Id, m.Index, step.Type, outcome.Detail, now, outcome.NextDueAt, outcome.CommunicationId));
                if (m.Index + 1 >= run.Steps.Count)
                    stream.AppendOne(new WorkflowRunCompleted(run.Id, WorkflowRunOutcome.Completed, null, now));
                else if (outcome.NextDueAt is { } next && next > now)
                    messages.Delay(new ExecuteWorkflowStep(run.Id, m.Index + 1), next - now);
                else
                    messages.Add(new ExecuteWorkflowStep(run.Id, m.Index + 1));
                break;
        }
        return messages;
    }

    private static async Task<StepOutcome> RunStepAsync(WorkflowRun run, int index, WorkflowStep step, IDocumentSession session,
        TimeProvider clock, IEmailSender email, ISmsSender sms, OllamaGateway gateway, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        switch (step.Type)
        {
            case WorkflowStepType.Wait:
            {
                var settings = await ClinicSettingsStore.ForSessionAsync(session, ct);
                var wait = step.UseCheckInFrequency
                    ? TimeSpan.FromDays(settings.CheckInFrequencyDays)
                    : WorkflowRules.TryDuration(step.Duration, out var d) ? d : TimeSpan.Zero;
                var dueAt = now + wait;
                var what = step.UseCheckInFrequency ? $"check-in frequency {settings.CheckInFrequencyDays} days" : step.Duration;
                return StepOutcome.Done($"waiting {what}: next step due {dueAt:yyyy-MM-dd'T'HH:mm:ss'Z'}", nextDueAt: dueAt);
            }
            case WorkflowStepType.SendMessage:
            {
                var to = await WorkflowRecipient.LoadAsync(session, run, ct);
                if (to is null) return StepOutcome.Failed("the patient or lead no longer exists");
                var (channel, why) = to.ChannelFor(step.Channel ?? WorkflowChannel.Preferred, step.Purpose ?? ConsentPurpose.Care);
                if (channel is null) return StepOutcome.Failed(why!);
                var body = WorkflowRules.Render(step.Template!, to.FullName);
                var subject = WorkflowRules.Render(step.Subject ?? run.WorkflowName, to.FullName);
                return await Sent(session, run, index, to, channel.Value, subject, body, email, sms, now, ct);
            }
            case WorkflowStepType.SendNpsSurvey:
            {
                var to = await WorkflowRecipient.LoadAsync(session, run, ct);
                if (to?.PatientId is not { } patientId) return StepOutcome.Failed("the patient no longer exists");
                var (channel, why) = to.ChannelFor(step.Channel ?? WorkflowChannel.Preferred, ConsentPurpose.Surveys);
                if (channel is null) return StepOutcome.Failed(why!);
                if (await DefaultWorkflows.SurveyForAsync(session, step.SurveyId, ct) is not var (survey, started))
                    return StepOutcome.Failed($"survey {step.SurveyId} does not exist");
                var first = to.FullName.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
                var body = $"Hei {first}! {survey.Question} Svar med et tall fra 0 til 10.";
                var sent = await Sent(session, run, index, to, channel.Value, survey.Name, body, email, sms, now, ct);
                if (sent.Kind == OutcomeKind.Done && sent.CommunicationId is not null)
                {
                    var surveySent = new SurveySent(survey.Id, patientId, channel == CommunicationChannel.Sms ? "sms" : "email", now);
                    // A survey started in this session takes the event into its new stream; an existing one is appended at its version.
                    if (started) session.Events.Append(survey.Id, surveySent);
                    else (await session.Events.FetchForWriting<Survey>(survey.Id, ct)).AppendOne(surveySent);
                }
                return sent;
            }
            case WorkflowStepType.CreateTask:
            {
                var to = await WorkflowRecipient.LoadAsync(session, run, ct);
                var id = Import.DeterministicGuid.Create(run.Id, $"task:{index}");
                if (await session.Events.FetchStreamStateAsync(id, ct) is not null) return StepOutcome.Done($"task {id} already created");
                var title = WorkflowRules.Render(step.Title!, to?.FullName ?? "");
                session.Events.StartStream<StaffTask>(id,
                    new StaffTaskCreated(id, title, run.PatientId, run.LeadId, now.AddDays(step.DueInDays ?? 0), run.Id));
                return StepOutcome.Done($"task {id} created: {title}");
            }
            case WorkflowStepType.MoveLifecycleStage:
            {
                var patient = run.PatientId is { } pid ? await session.LoadAsync<PatientSummary>(pid, ct) : null;
                if (patient is null) return StepOutcome.Failed("the patient no longer exists");
                var to = step.Stage!.Value;
                if (patient.Stage == to) return StepOutcome.Done($"already {Name(to)}");
                session.Events.Append(patient.Id, patient.Version + 1,
                    new LifecycleStageChanged(patient.Id, patient.Stage, to, $"workflow \"{run.WorkflowName}\"", true, now));
                return StepOutcome.Done($"moved from {Name(patient.Stage)} to {Name(to)}");
            }
            case WorkflowStepType.DraftSms:
                return await DraftOrSendAsync(run, index, step, session, clock, email, sms, gateway, ct);
            default:
                return StepOutcome.Failed($"unknown step type {step.Type}");
        }
    }

    private static async Task<StepOutcome> CallTaskAsync(WorkflowRun run, int index, WorkflowStep step, IDocumentSession session, int dueMinutes,
        DateTimeOffset now, CancellationToken ct)
    {
        var (done, detail) = await CallTaskStep.RunAsync(run, index, step, session, dueMinutes, now, ct);
        return done ? StepOutcome.Done(detail) : StepOutcome.Failed(detail);
    }

    /// <summary>
    /// draft_sms: the first time, asks the AI gateway (sms_generation) for a draft, stores it as an AI suggestion and waits;
    /// once staff decided (the decision relays here), sends the accepted or corrected text, or fails on a rejection.
    /// </summary>
    private static async Task<StepOutcome> DraftOrSendAsync(WorkflowRun run, int index, WorkflowStep step, IDocumentSession session,
        TimeProvider clock, IEmailSender email, ISmsSender sms, OllamaGateway gateway, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var to = await WorkflowRecipient.LoadAsync(session, run, ct);
        if (to is null) return StepOutcome.Failed("the patient or lead no longer exists");
        var purpose = step.Purpose ?? ConsentPurpose.Care;
        var (channel, why) = to.ChannelFor(WorkflowChannel.Sms, purpose);
        if (channel is null) return StepOutcome.Failed(why!);

        if (run.AwaitingSuggestionId is { } suggestionId)
        {
            var suggestion = await session.LoadAsync<AiSuggestionView>(suggestionId, ct);
            switch (suggestion?.Feedback)
            {
                case null: return StepOutcome.Awaiting(suggestionId);
                case FeedbackKind.Rejected: return StepOutcome.Failed($"draft rejected by staff: {suggestion.RejectionReason}");
                default:
                    var text = string.IsNullOrWhiteSpace(suggestion.Correction) ? suggestion.Output : suggestion.Correction;
                    return await Sent(session, run, index, to, CommunicationChannel.Sms, run.WorkflowName, text.Trim(), email, sms, now, ct);
            }
        }

        var (_, ageRange) = await SuggestionSupport.PatientAgeRangeAsync(session, run.PatientId, clock, ct);
        var first = to.FullName.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        var plan = await gateway.PlanAsync(new AiCall(AiTask.SmsGeneration, $"Mottaker: {first}. Arbeidsflyt: {run.WorkflowName}.",
            step.Instructions!, ageRange), ct);
        var answer = await gateway.CompleteAsync(plan, ct);
        var id = Import.DeterministicGuid.Create(run.Id, $"draft:{index}");
        if (await session.Events.FetchStreamStateAsync(id, ct) is null)
            session.Events.StartStream<AiSuggestionView>(id, SuggestionSupport.Generated(id, run.PatientId, ageRange, answer));
        return StepOutcome.Awaiting(id);
    }

    private static async Task<StepOutcome> Sent(IDocumentSession session, WorkflowRun run, int index, WorkflowRecipient to,
        CommunicationChannel channel, string subject, string body, IEmailSender email, ISmsSender sms, DateTimeOffset now, CancellationToken ct)
    {
        var sent = await WorkflowMessaging.SendAsync(session, run, index, to, channel, subject, body, email, sms, now, ct);
        return sent is { } s
            ? StepOutcome.Done(s.Detail, communicationId: s.CommunicationId)
            : StepOutcome.Done("message already sent (duplicate delivery ignored)");
    }

    private static string Name<T>(T value) where T : struct, Enum => Infrastructure.ChiroJson.Wire(value);

    private enum OutcomeKind { Done, Failed, Awaiting }

    private sealed record StepOutcome(OutcomeKind Kind, string Detail, DateTimeOffset? NextDueAt, Guid? CommunicationId, Guid? SuggestionId)
    {
        public static StepOutcome Done(string detail, DateTimeOffset? nextDueAt = null, Guid? communicationId = null) =>
            new(OutcomeKind.Done, detail, nextDueAt, communicationId, null);
        public static StepOutcome Failed(string reason) => new(OutcomeKind.Failed, reason, null, null, null);
        public static StepOutcome Awaiting(Guid suggestionId) => new(OutcomeKind.Awaiting, "awaiting staff approval", null, null, suggestionId);
    }
}
