using ChiroClick.Api.Campaigns;
using ChiroClick.Domain.Communications;

namespace ChiroClick.Api.Messaging;

/// <summary>One outgoing message, rendered, for <see cref="OutboundMessaging"/>.</summary>
/// <param name="Id">Deterministic id (UUIDv5 of what the message is about) = the communication's stream id, the outbox row's id,
/// the e-mail's <c>Message-Id</c> and the SMS provider's idempotency key.</param>
/// <param name="To">Recipient; the caller has checked the consent and the address on <paramref name="Channel"/>.</param>
/// <param name="Channel">sms or email.</param>
/// <param name="Subject">Subject (e-mail) or short summary (SMS; only logged).</param>
/// <param name="Body">Rendered text.</param>
public sealed record OutboundMessage(Guid Id, MessageRecipient To, CommunicationChannel Channel, string Subject, string Body)
{
    /// <summary>Template or use the communication log names ("appointment-reminder:24h", "workflow:{id}:{index}"), or null.</summary>
    public string? TemplateId { get; init; }
    /// <summary>Campaign the message belongs to (log and outbox), or null.</summary>
    public Guid? CampaignId { get; init; }
    /// <summary>Workflow run that sent it (outbox), or null.</summary>
    public Guid? WorkflowRunId { get; init; }
    /// <summary>Signed opt-out link for the e-mail's List-Unsubscribe headers (marketing), or null.</summary>
    public string? UnsubscribeUrl { get; init; }
    /// <summary>E-mail attachment (an appointment's .ics), or null.</summary>
    public EmailAttachment? Attachment { get; init; }
}

/// <summary>What <see cref="OutboundMessaging"/> did with a message.</summary>
/// <param name="Id">The message's id (= its communication stream).</param>
/// <param name="Address">The address it went to.</param>
/// <param name="Dispatched">True when the SMTP server or SMS provider accepted it, false when kept in the outbox table only.</param>
public sealed record SentMessage(Guid Id, string Address, bool Dispatched);

/// <summary>
/// The one way a message leaves the clinic (campaigns, workflows, reminders, waitlist offers, surveys, replies), once: a
/// message whose communication stream exists is not sent again. It goes to the channel (<see cref="IEmailSender"/> /
/// <see cref="ISmsSender"/>: SMTP, the SMS provider, or the outbox table when none is configured), is stored in the outbox
/// table, and starts its <see cref="Communication"/> stream with CommunicationLogged, all in the caller's session (one
/// transaction). Channel exceptions propagate for Wolverine's retries; the retry carries the same id. Questions that expect an
/// SMS answer also start an <see cref="SmsQuestion"/> stream, which <see cref="InboundSmsRouter"/> reads replies against.
/// </summary>
public static class OutboundMessaging
{
    /// <summary>How long an SMS question waits for its answer unless it sets its own expiry.</summary>
    public static readonly TimeSpan QuestionWindow = TimeSpan.FromDays(14);

    /// <summary>Sends <paramref name="message"/> and records it; null when a message with its id was already recorded (nothing sent).</summary>
    public static async Task<SentMessage?> SendAsync(IDocumentSession session, OutboundMessage message, IEmailSender email, ISmsSender sms,
        DateTimeOffset now, CancellationToken ct)
    {
        var (id, to, channel) = (message.Id, message.To, message.Channel);
        if (await session.Events.FetchStreamStateAsync(id, ct) is not null) return null;
        var isEmail = channel == CommunicationChannel.Email;
        var address = to.AddressOn(channel);
        var dispatched = isEmail
            ? await email.SendAsync(new EmailMessage(id, address, message.Subject, message.Body, message.UnsubscribeUrl, message.Attachment), ct)
            : await sms.SendAsync(new SmsMessage(id, address, message.Body), ct);
        session.Store(new CampaignOutboxMessage
        {
            Id = id, CampaignId = message.CampaignId ?? Guid.Empty, WorkflowRunId = message.WorkflowRunId,
            PatientId = to.PatientId ?? to.LeadId ?? Guid.Empty,
            Channel = isEmail ? Domain.Campaigns.CampaignChannel.Email : Domain.Campaigns.CampaignChannel.Sms,
            To = address, Subject = isEmail ? message.Subject : null, Body = message.Body, Dispatched = dispatched, CreatedAt = now,
        });
        session.Events.StartStream<Communication>(id, CommunicationDecisions.Log(id, to.PatientId, to.LeadId, channel,
            CommunicationDirection.Outbound, message.Subject, message.Body, message.TemplateId, message.CampaignId, now, now));
        return new SentMessage(id, address, dispatched);
    }

    /// <summary>
    /// Sends a front-desk message (reminder, offer, survey, reply) with template id <paramref name="templateId"/>; false when
    /// already sent.
    /// </summary>
    public static async Task<bool> SendAsync(IDocumentSession session, Guid id, MessageRecipient to, CommunicationChannel channel,
        string subject, string body, string templateId, IEmailSender email, ISmsSender sms, DateTimeOffset now, CancellationToken ct,
        EmailAttachment? attachment = null) =>
        await SendAsync(session, new OutboundMessage(id, to, channel, subject, body) { TemplateId = templateId, Attachment = attachment },
            email, sms, now, ct) is not null;

    /// <summary>The question id that belongs to an outbound SMS.</summary>
    public static Guid QuestionIdOf(Guid communicationId) => Import.DeterministicGuid.Create(communicationId, "sms-question");

    /// <summary>
    /// Sends an SMS that expects an answer, like a front-desk message, and records the question (SmsQuestionAsked) in the same
    /// transaction. False when already sent.
    /// </summary>
    public static async Task<bool> AskAsync(IDocumentSession session, Guid id, MessageRecipient to, string subject, string body,
        string templateId, SmsQuestionAsked question, IEmailSender email, ISmsSender sms, DateTimeOffset now, CancellationToken ct)
    {
        if (!await SendAsync(session, id, to, CommunicationChannel.Sms, subject, body, templateId, email, sms, now, ct)) return false;
        // Two streams in one transaction: a reply is read against the question, so a message out without its question (or a
        // question whose message never went) would send the recipient's answer to the wrong context.
        session.Events.StartStream<SmsQuestion>(question.QuestionId, question);
        return true;
    }

    /// <summary>A question about <paramref name="communicationId"/> to <paramref name="to"/>'s phone, open until <paramref name="expiresAt"/>.</summary>
    public static SmsQuestionAsked Question(SmsQuestionKind kind, Guid communicationId, MessageRecipient to, DateTimeOffset now,
        DateTimeOffset? expiresAt = null, Guid? appointmentId = null, Guid? entryId = null, Guid? offerId = null, Guid? surveyId = null) =>
        new(QuestionIdOf(communicationId), kind, to.Phone!, to.PatientId, to.LeadId, communicationId, appointmentId, entryId, offerId, surveyId,
            now, expiresAt ?? now + QuestionWindow);

    /// <summary>Masks an address for step details (auditors see which channel, not the full address): "k***@example.no", "+47******66".</summary>
    public static string Mask(string address)
    {
        var at = address.IndexOf('@');
        if (at > 0) return address[..1] + "***" + address[at..];
        return address.Length <= 5 ? "***" : address[..3] + new string('*', address.Length - 5) + address[^2..];
    }
}
