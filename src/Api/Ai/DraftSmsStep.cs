using ChiroClick.AiGateway.Ollama;
using ChiroClick.Api.Messaging;
using ChiroClick.Api.Workflows;
using ChiroClick.Domain.Ai;
using ChiroClick.Domain.Communications;
using ChiroClick.Domain.Patients;
using ChiroClick.Domain.Workflows;
using ChiroClick.Projections.Ai;

namespace ChiroClick.Api.Ai;

/// <summary>
/// draft_sms: the first time, asks the AI gateway (sms_generation) for a draft, starts its <see cref="AiSuggestion"/> stream
/// (id UUIDv5(run, "draft:" + index)) and waits; once staff decided (the decision relays the step again), sends the accepted or
/// corrected text by SMS, or fails on a rejection. Needs an SMS address and the consent for the step's purpose (default care).
/// </summary>
public sealed class DraftSmsStep(OllamaGateway gateway, IEmailSender email, ISmsSender sms, TimeProvider clock) : IWorkflowStep
{
    /// <inheritdoc />
    public WorkflowStepType Type => WorkflowStepType.DraftSms;

    /// <inheritdoc />
    public async Task<WorkflowStepOutcome> RunAsync(WorkflowStepContext c, CancellationToken ct)
    {
        var (run, session) = (c.Run, c.Session);
        var to = await MessageRecipient.LoadAsync(session, run.PatientId, run.LeadId, ct);
        if (to is null) return WorkflowStepOutcome.Failed("the patient or lead no longer exists");
        var (channel, why) = to.ChannelFor(WorkflowChannel.Sms, c.Step.Purpose ?? ConsentPurpose.Care);
        if (channel is null) return WorkflowStepOutcome.Failed(why!);

        if (run.AwaitingSuggestionId is { } suggestionId)
        {
            var suggestion = await session.LoadAsync<AiSuggestionView>(suggestionId, ct);
            switch (suggestion?.Feedback)
            {
                case null: return WorkflowStepOutcome.Awaiting(suggestionId);
                case FeedbackKind.Rejected: return WorkflowStepOutcome.Failed($"draft rejected by staff: {suggestion.RejectionReason}");
                default:
                    var text = string.IsNullOrWhiteSpace(suggestion.Correction) ? suggestion.Output : suggestion.Correction;
                    return await SendMessageStep.SendAsync(c, to, CommunicationChannel.Sms, run.WorkflowName, text.Trim(), email, sms, ct);
            }
        }

        var (_, ageRange) = await SuggestionSupport.PatientAgeRangeAsync(session, run.PatientId, clock, ct);
        var plan = await gateway.PlanAsync(new AiCall(AiTask.SmsGeneration, $"Mottaker: {to.FirstName}. Arbeidsflyt: {run.WorkflowName}.",
            c.Step.Instructions!, ageRange), ct);
        var answer = await gateway.CompleteAsync(plan, ct);
        var id = Import.DeterministicGuid.Create(run.Id, $"draft:{c.Index}");
        if (await session.Events.FetchStreamStateAsync(id, ct) is null)
            session.Events.StartStream<AiSuggestion>(id, SuggestionSupport.Generated(id, run.PatientId, ageRange, answer));
        return WorkflowStepOutcome.Awaiting(id);
    }
}
