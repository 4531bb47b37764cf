using ChiroClick.Api.Campaigns;
using ChiroClick.Api.Workflows;
using ChiroClick.Domain.Communications;
using ChiroClick.Projections.Communications;
using Marten;

namespace ChiroClick.Api.Messaging;

/// <summary>
/// Sends the front desk's messages (reminders, waitlist offers, surveys, replies) through the same channels and outbox as
/// campaigns and workflows, once: the caller passes a deterministic id (UUIDv5 of what the message is about), and a message
/// whose CommunicationLogged stream exists is not sent again. Questions that expect an SMS answer also start an
/// <see cref="SmsQuestion"/> stream, which the inbound router (<see cref="InboundSmsRouter"/>) reads replies against.
/// </summary>
public static class FrontDeskMessaging
{
    /// <summary>How long an SMS question waits for its answer unless it sets its own expiry.</summary>
    public static readonly TimeSpan QuestionWindow = TimeSpan.FromDays(14);

    /// <summary>
    /// Hands the message to the channel, stores it in the outbox table and starts its CommunicationLogged stream (subject, body,
    /// template id <paramref name="templateId"/>). False when a message with this id was already recorded (nothing sent).
    /// Channel exceptions propagate for Wolverine's retries; the retry carries the same id (Message-Id / Idempotency-Key).
    /// </summary>
    public static async Task<bool> SendAsync(IDocumentSession session, Guid id, WorkflowRecipient to, CommunicationChannel channel,
        string subject, string body, string templateId, IEmailSender email, ISmsSender sms, DateTimeOffset now, CancellationToken ct,
        EmailAttachment? attachment = null)
    {
        if (await session.Events.FetchStreamStateAsync(id, ct) is not null) return false;
        var isEmail = channel == CommunicationChannel.Email;
        var address = isEmail ? to.Email! : to.Phone!;
        var dispatched = isEmail
            ? await email.SendAsync(new EmailMessage(id, address, subject, body, null, attachment), ct)
            : await sms.SendAsync(new SmsMessage(id, address, body), ct);
        session.Store(new CampaignOutboxMessage
        {
            Id = id, CampaignId = Guid.Empty, PatientId = to.PatientId ?? to.LeadId ?? Guid.Empty,
            Channel = isEmail ? Domain.Campaigns.CampaignChannel.Email : Domain.Campaigns.CampaignChannel.Sms,
            To = address, Subject = isEmail ? subject : null, Body = body, Dispatched = dispatched, CreatedAt = now,
        });
        session.Events.StartStream<CommunicationEntry>(id, new CommunicationLogged(id, to.PatientId, to.LeadId, channel,
            CommunicationDirection.Outbound, subject, body, templateId, null, now));
        return true;
    }

    /// <summary>The question id that belongs to an outbound SMS.</summary>
    public static Guid QuestionIdOf(Guid communicationId) => Import.DeterministicGuid.Create(communicationId, "sms-question");

    /// <summary>
    /// Sends an SMS that expects an answer (see <see cref="SendAsync"/>) and records the question (SmsQuestionAsked) in the same
    /// transaction. False when already sent.
    /// </summary>
    public static async Task<bool> AskAsync(IDocumentSession session, Guid id, WorkflowRecipient to, string subject, string body,
        string templateId, SmsQuestionAsked question, IEmailSender email, ISmsSender sms, DateTimeOffset now, CancellationToken ct)
    {
        if (!await SendAsync(session, id, to, CommunicationChannel.Sms, subject, body, templateId, email, sms, now, ct)) return false;
        session.Events.StartStream<SmsQuestion>(question.QuestionId, question);
        return true;
    }

    /// <summary>A question about <paramref name="communicationId"/> to <paramref name="to"/>'s phone, open until <paramref name="expiresAt"/>.</summary>
    public static SmsQuestionAsked Question(SmsQuestionKind kind, Guid communicationId, WorkflowRecipient to, DateTimeOffset now,
        DateTimeOffset? expiresAt = null, Guid? appointmentId = null, Guid? entryId = null, Guid? offerId = null, Guid? surveyId = null) =>
        new(QuestionIdOf(communicationId), kind, to.Phone!, to.PatientId, to.LeadId, communicationId, appointmentId, entryId, offerId, surveyId,
            now, expiresAt ?? now + QuestionWindow);

    /// <summary>Whether <paramref name="to"/> may get a message on <paramref name="channel"/> for <paramref name="purpose"/> (address and consent).</summary>
    public static bool Can(WorkflowRecipient to, CommunicationChannel channel, Domain.Patients.ConsentPurpose purpose)
    {
        var workflowChannel = channel == CommunicationChannel.Email ? Domain.Workflows.WorkflowChannel.Email : Domain.Workflows.WorkflowChannel.Sms;
        return to.ChannelFor(workflowChannel, purpose).Channel is not null;
    }
}
