using ChiroClick.Api.Campaigns;
using ChiroClick.Domain.Communications;
using ChiroClick.Domain.Patients;
using ChiroClick.Domain.Workflows;
using ChiroClick.Projections.Communications;
using ChiroClick.Projections.Leads;
using ChiroClick.Projections.Patients;
using Marten;

namespace ChiroClick.Api.Workflows;

/// <summary>The person a run is about, as far as messaging needs: name, addresses and consents.</summary>
/// <param name="PatientId">Patient, or null for a lead.</param>
/// <param name="LeadId">Lead, or null.</param>
/// <param name="FullName">Name used in templates.</param>
/// <param name="Phone">E.164 phone or null.</param>
/// <param name="Email">E-mail or null.</param>
/// <param name="Consents">Consents of a patient; for a lead, sms/email × care (they asked to be contacted) plus marketing when given at capture.</param>
public sealed record WorkflowRecipient(Guid? PatientId, Guid? LeadId, string FullName, string? Phone, string? Email, IReadOnlyList<ConsentGrant> Consents)
{
    /// <summary>Loads the patient or lead of a run; null when it no longer exists.</summary>
    public static Task<WorkflowRecipient?> LoadAsync(IQuerySession session, WorkflowRun run, CancellationToken ct) =>
        LoadAsync(session, run.PatientId, run.LeadId, ct);

    /// <summary>Loads a patient (when given) or else a lead; null when neither exists.</summary>
    public static async Task<WorkflowRecipient?> LoadAsync(IQuerySession session, Guid? patient, Guid? lead, CancellationToken ct)
    {
        if (patient is { } patientId)
        {
            var p = await session.LoadAsync<PatientSummary>(patientId, ct);
            return p is null ? null : new WorkflowRecipient(p.Id, null, p.FullName, p.Phone, p.Email, p.Consents);
        }
        if (lead is { } leadId)
        {
            var l = await session.LoadAsync<LeadSummary>(leadId, ct);
            if (l is null) return null;
            List<ConsentGrant> consents = [new(ConsentChannel.Sms, ConsentPurpose.Care), new(ConsentChannel.Email, ConsentPurpose.Care)];
            if (l.MarketingConsent) consents.AddRange([new(ConsentChannel.Sms, ConsentPurpose.Marketing), new(ConsentChannel.Email, ConsentPurpose.Marketing)]);
            return new WorkflowRecipient(null, l.Id, l.FullName, l.Phone, l.Email, consents);
        }
        return null;
    }

    /// <summary>
    /// The channel a message goes on: the step's channel when the recipient has its address and the consent for
    /// <paramref name="purpose"/>; for <see cref="WorkflowChannel.Preferred"/> SMS first, then e-mail. Null with the reason otherwise.
    /// </summary>
    public (CommunicationChannel? Channel, string? Why) ChannelFor(WorkflowChannel channel, ConsentPurpose purpose)
    {
        bool Can(ConsentChannel c) =>
            Consents.Contains(new ConsentGrant(c, purpose)) && !string.IsNullOrWhiteSpace(c == ConsentChannel.Sms ? Phone : Email);
        return channel switch
        {
            WorkflowChannel.Sms when Can(ConsentChannel.Sms) => (CommunicationChannel.Sms, null),
            WorkflowChannel.Email when Can(ConsentChannel.Email) => (CommunicationChannel.Email, null),
            WorkflowChannel.Preferred when Can(ConsentChannel.Sms) => (CommunicationChannel.Sms, null),
            WorkflowChannel.Preferred when Can(ConsentChannel.Email) => (CommunicationChannel.Email, null),
            _ => (null, $"no {(channel == WorkflowChannel.Preferred ? "sms or email" : channel.ToString().ToLowerInvariant())} address with a " +
                        $"{purpose.ToString().ToLowerInvariant()} consent"),
        };
    }
}

/// <summary>Sends one workflow message and records it; shared by send_message, send_nps_survey and approved draft_sms steps.</summary>
public static class WorkflowMessaging
{
    /// <summary>
    /// Hands the message to the channel (SMTP / SMS provider, or the outbox table when none is configured), stores it in the
    /// outbox table and starts its CommunicationLogged stream. The ids are UUIDv5 of run + step, so a retried or replayed step
    /// finds the stream already there and sends nothing. Channel exceptions propagate for Wolverine's retries.
    /// Returns the communication id and a short description for the step result.
    /// </summary>
    public static async Task<(Guid CommunicationId, string Detail)?> SendAsync(IDocumentSession session, WorkflowRun run, int index,
        WorkflowRecipient to, CommunicationChannel channel, string subject, string body, IEmailSender email, ISmsSender sms,
        DateTimeOffset now, CancellationToken ct)
    {
        var id = Import.DeterministicGuid.Create(run.Id, $"step:{index}");
        if (await session.Events.FetchStreamStateAsync(id, ct) is not null) return null;
        var address = channel == CommunicationChannel.Email ? to.Email! : to.Phone!;
        var dispatched = channel == CommunicationChannel.Email
            ? await email.SendAsync(new EmailMessage(id, address, subject, body), ct)
            : await sms.SendAsync(new SmsMessage(id, address, body), ct);
        session.Store(new CampaignOutboxMessage
        {
            Id = id, CampaignId = Guid.Empty, WorkflowRunId = run.Id, PatientId = to.PatientId ?? to.LeadId ?? Guid.Empty,
            Channel = channel == CommunicationChannel.Email ? Domain.Campaigns.CampaignChannel.Email : Domain.Campaigns.CampaignChannel.Sms,
            To = address, Subject = channel == CommunicationChannel.Email ? subject : null, Body = body, Dispatched = dispatched, CreatedAt = now,
        });
        session.Events.StartStream<CommunicationEntry>(id, new CommunicationLogged(id, to.PatientId, to.LeadId, channel,
            CommunicationDirection.Outbound, subject, body, $"workflow:{run.WorkflowId}:{index}", null, now));
        var how = dispatched ? "sent" : "kept in the outbox (no provider configured)";
        return (id, $"{channel.ToString().ToLowerInvariant()} to {Mask(address)} {how}");
    }

    /// <summary>Masks an address for step details (auditors see which channel, not the full address): "k***@example.no", "+47******66".</summary>
    public static string Mask(string address)
    {
        var at = address.IndexOf('@');
        if (at > 0) return address[..1] + "***" + address[at..];
        return address.Length <= 5 ? "***" : address[..3] + new string('*', address.Length - 5) + address[^2..];
    }
}
