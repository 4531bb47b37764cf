using ChiroClick.Api.Messaging;
using ChiroClick.Domain.Campaigns;
using ChiroClick.Domain.Communications;
using ChiroClick.Domain.Patients;

namespace ChiroClick.Api.Campaigns;

/// <summary>Wolverine handler of <see cref="SendCampaignMessage"/> (sequential durable local queue, tenant carried by the envelope).</summary>
public static class SendCampaignMessageHandler
{
    /// <summary>
    /// Sends once. The message id is UUIDv5(campaign, recipient): a recipient the campaign stream already records (retry,
    /// duplicate delivery, replay) is skipped, and the rare retry after an SMTP accept whose commit was lost carries the same
    /// <c>Message-Id</c> / SMS idempotency key. Consent and address are checked again at send time (an opt-out after launch
    /// wins). Renders the template and sends through <see cref="OutboundMessaging"/> (channel, outbox table, CommunicationLogged
    /// with the campaign id), appends CampaignMessageSent (+ CampaignMessageDelivered when the SMTP server accepted it) or
    /// CampaignMessageFailed, and CampaignCompleted after the last recipient. Channel exceptions propagate to Wolverine's retries (CampaignsConfiguration).
    /// </summary>
    public static async Task Handle(SendCampaignMessage m, IDocumentSession session, TimeProvider clock, IEmailSender email,
        ISmsSender sms, OptOutLinks links, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Campaign>(m.CampaignId, ct);
        var campaign = stream.Aggregate;
        if (campaign is null || !campaign.Recipients.Contains(m.PatientId) || campaign.Handled(m.PatientId)) return;
        var now = clock.GetUtcNow();
        var channel = campaign.Channel == CampaignChannel.Email ? CommunicationChannel.Email : CommunicationChannel.Sms;
        var to = await MessageRecipient.LoadAsync(session, m.PatientId, null, ct);
        var events = new List<object>();
        if (to is null || !to.Can(channel, campaign.RequiredConsent))
            events.Add(new CampaignMessageFailed(campaign.Id, m.PatientId, "No consent or address at send time.", now));
        else
        {
            var optOut = links.UrlFor(Clinics.ClinicSettingsStore.ClinicIdOf(session), campaign.Id, m.PatientId);
            var body = MessageTemplates.Render(campaign.Template, to.FullName, optOut);
            var marketing = campaign.RequiredConsent == ConsentPurpose.Marketing;
            var isEmail = channel == CommunicationChannel.Email;
            // Marketing e-mail must carry a simple way out (markedsføringsloven § 15): a footer when the template has none.
            if (isEmail && marketing && optOut is not null && !campaign.Template.Contains(MessageTemplates.OptOutPlaceholder))
                body += $"\n\n--\nMeld deg av: {optOut}";
            var message = new OutboundMessage(Import.DeterministicGuid.Create(campaign.Id, $"recipient:{m.PatientId}"), to, channel,
                campaign.Subject ?? campaign.Name, body) { CampaignId = campaign.Id, UnsubscribeUrl = isEmail && marketing ? optOut : null };
            var sent = await OutboundMessaging.SendAsync(session, message, email, sms, now, ct);
            events.Add(new CampaignMessageSent(campaign.Id, m.PatientId, message.Id, now));
            if (isEmail && sent is { Dispatched: true }) events.Add(new CampaignMessageDelivered(campaign.Id, m.PatientId, now));
        }
        if (campaign.HandledCount + 1 >= campaign.Recipients.Count) events.Add(new CampaignCompleted(campaign.Id, now));
        stream.AppendMany(events);
    }
}
