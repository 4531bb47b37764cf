using ChiroClick.Api.Workflows;
using ChiroClick.Domain.Communications;
using ChiroClick.Domain.Patients;
using ChiroClick.Domain.Workflows;

namespace ChiroClick.Api.Messaging;

/// <summary>
/// send_message: renders the step's template and subject (default: the workflow's name) for the run's patient or lead and sends
/// it on the step's channel when they have the address and the consent for the step's purpose (default care); fails otherwise.
/// </summary>
public sealed class SendMessageStep(IEmailSender email, ISmsSender sms) : IWorkflowStep
{
    /// <inheritdoc />
    public WorkflowStepType Type => WorkflowStepType.SendMessage;

    /// <inheritdoc />
    public async Task<WorkflowStepOutcome> RunAsync(WorkflowStepContext c, CancellationToken ct)
    {
        var to = await MessageRecipient.LoadAsync(c.Session, c.Run.PatientId, c.Run.LeadId, ct);
        if (to is null) return WorkflowStepOutcome.Failed("the patient or lead no longer exists");
        var (channel, why) = to.ChannelFor(c.Step.Channel ?? WorkflowChannel.Preferred, c.Step.Purpose ?? ConsentPurpose.Care);
        if (channel is null) return WorkflowStepOutcome.Failed(why!);
        var body = MessageTemplates.Render(c.Step.Template!, to.FullName);
        var subject = MessageTemplates.Render(c.Step.Subject ?? c.Run.WorkflowName, to.FullName);
        return await SendAsync(c, to, channel.Value, subject, body, email, sms, ct);
    }

    /// <summary>
    /// Sends a workflow step's message (send_message, send_nps_survey, an approved draft_sms) through <see cref="OutboundMessaging"/>:
    /// id UUIDv5(run, "step:" + index), template id <c>workflow:{workflowId}:{index}</c>, the run on the outbox row. Done with the
    /// channel and masked address, or "already sent" for a repeated step (nothing sent again).
    /// </summary>
    public static async Task<WorkflowStepOutcome> SendAsync(WorkflowStepContext c, MessageRecipient to, CommunicationChannel channel, string subject,
        string body, IEmailSender email, ISmsSender sms, CancellationToken ct)
    {
        var message = new OutboundMessage(Import.DeterministicGuid.Create(c.Run.Id, $"step:{c.Index}"), to, channel, subject, body)
        {
            TemplateId = $"workflow:{c.Run.WorkflowId}:{c.Index}", WorkflowRunId = c.Run.Id,
        };
        if (await OutboundMessaging.SendAsync(c.Session, message, email, sms, c.Now, ct) is not { } sent)
            return WorkflowStepOutcome.Done("message already sent (duplicate delivery ignored)");
        var how = sent.Dispatched ? "sent" : "kept in the outbox (no provider configured)";
        return WorkflowStepOutcome.Done($"{channel.ToString().ToLowerInvariant()} to {OutboundMessaging.Mask(sent.Address)} {how}",
            communicationId: sent.Id);
    }
}
