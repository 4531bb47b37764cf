using ChiroClick.Domain.Campaigns;
using ChiroClick.Domain.Communications;
using ChiroClick.Domain.Patients;
using ChiroClick.Projections.Communications;
using ChiroClick.Projections.Patients;
using Marten;

namespace ChiroClick.Api.Campaigns;

/// <summary>Wolverine handler of <see cref="SendCampaignMessage"/> (sequential durable local queue, tenant carried by the envelope).</summary>
public static class SendCampaignMessageHandler
{
    /// <summary>
    /// Sends once. The message id is UUIDv5(campaign, recipient): a recipient the campaign stream already records (retry,
    /// duplicate delivery, replay) is skipped, and the rare retry after an SMTP accept whose commit was lost carries the same
    /// <c>Message-Id</c> / SMS idempotency key. Consent and address are checked again at send time (an opt-out after launch
    /// wins). Stores the rendered message in the outbox table, appends CampaignMessageSent (+ CampaignMessageDelivered when the
    /// SMTP server accepted it) or CampaignMessageFailed, a CommunicationLogged with the campaign id, and CampaignCompleted
    /// after the last recipient. Channel exceptions propagate to Wolverine's retries (CampaignsConfiguration).
    /// </summary>
    public static async Task Handle(SendCampaignMessage m, IDocumentSession session, TimeProvider clock, IEmailSender email,
        ISmsSender sms, OptOutLinks links, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Campaign>(m.CampaignId, ct);
        var campaign = stream.Aggregate;
        if (campaign is null || !campaign.Recipients.Contains(m.PatientId) || campaign.Handled(m.PatientId)) return;
        var now = clock.GetUtcNow();
        var patient = await session.LoadAsync<PatientSummary>(m.PatientId, ct);
        var events = new List<object>();
        if (patient is null || !CampaignAudience.HasConsentAndAddress(campaign, patient))
            events.Add(new CampaignMessageFailed(campaign.Id, m.PatientId, "No consent or address at send time.", now));
        else
        {
            var id = Import.DeterministicGuid.Create(campaign.Id, $"recipient:{patient.Id}");
            var isEmail = campaign.Channel == CampaignChannel.Email;
            var optOut = links.UrlFor(Clinics.ClinicSettingsStore.ClinicIdOf(session), campaign.Id, patient.Id);
            var body = Campaign.Render(campaign.Template, patient.FullName, optOut);
            var marketing = campaign.RequiredConsent == ConsentPurpose.Marketing;
            // Marketing e-mail must carry a simple way out (markedsføringsloven § 15): a footer when the template has none.
            if (isEmail && marketing && optOut is not null && !campaign.Template.Contains(Campaign.OptOutPlaceholder))
                body += $"\n\n--\nMeld deg av: {optOut}";
            var to = (isEmail ? patient.Email : patient.Phone)!;
            var subject = campaign.Subject ?? campaign.Name;
            var dispatched = isEmail
                ? await email.SendAsync(new EmailMessage(id, to, subject, body, marketing ? optOut : null), ct)
                : await sms.SendAsync(new SmsMessage(id, to, body), ct);
            session.Store(new CampaignOutboxMessage
            {
                Id = id, CampaignId = campaign.Id, PatientId = patient.Id, Channel = campaign.Channel,
                To = to, Subject = campaign.Subject, Body = body, Dispatched = dispatched, CreatedAt = now,
            });
            session.Events.StartStream<CommunicationEntry>(id, new CommunicationLogged(id, patient.Id, null,
                isEmail ? CommunicationChannel.Email : CommunicationChannel.Sms, CommunicationDirection.Outbound,
                subject, body, null, campaign.Id, now));
            events.Add(new CampaignMessageSent(campaign.Id, patient.Id, id, now));
            if (isEmail && dispatched) events.Add(new CampaignMessageDelivered(campaign.Id, patient.Id, now));
        }
        if (campaign.HandledCount + 1 >= campaign.Recipients.Count) events.Add(new CampaignCompleted(campaign.Id, now));
        stream.AppendMany(events);
    }
}
