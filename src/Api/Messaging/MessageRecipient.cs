using ChiroClick.Domain.Communications;
using ChiroClick.Domain.Patients;
using ChiroClick.Domain.Workflows;
using ChiroClick.Projections.Leads;
using ChiroClick.Projections.Patients;

namespace ChiroClick.Api.Messaging;

/// <summary>The person a message goes to, as far as messaging needs: name, addresses and consents.</summary>
/// <param name="PatientId">Patient, or null for a lead.</param>
/// <param name="LeadId">Lead, or null.</param>
/// <param name="FullName">Name used in templates.</param>
/// <param name="Phone">E.164 phone or null.</param>
/// <param name="Email">E-mail or null.</param>
/// <param name="Consents">Consents of a patient; for a lead, sms/email × care (they asked to be contacted) plus marketing when given at capture.</param>
public sealed record MessageRecipient(Guid? PatientId, Guid? LeadId, string FullName, string? Phone, string? Email, IReadOnlyList<ConsentGrant> Consents)
{
    /// <summary>Loads a patient (when given) or else a lead from their read models; null when neither exists.</summary>
    public static async Task<MessageRecipient?> LoadAsync(IQuerySession session, Guid? patient, Guid? lead, CancellationToken ct)
    {
        if (patient is { } patientId)
        {
            var p = await session.LoadAsync<PatientSummary>(patientId, ct);
            return p is null ? null : new MessageRecipient(p.Id, null, p.FullName, p.Phone, p.Email, p.Consents);
        }
        if (lead is { } leadId)
        {
            var l = await session.LoadAsync<LeadSummary>(leadId, ct);
            if (l is null) return null;
            List<ConsentGrant> consents = [new(ConsentChannel.Sms, ConsentPurpose.Care), new(ConsentChannel.Email, ConsentPurpose.Care)];
            if (l.MarketingConsent) consents.AddRange([new(ConsentChannel.Sms, ConsentPurpose.Marketing), new(ConsentChannel.Email, ConsentPurpose.Marketing)]);
            return new MessageRecipient(null, l.Id, l.FullName, l.Phone, l.Email, consents);
        }
        return null;
    }

    /// <summary>The first name (<c>{firstName}</c> in templates): the first word of <see cref="FullName"/>, "" when none.</summary>
    public string FirstName => MessageTemplates.FirstName(FullName);

    /// <summary>Whether a message on <paramref name="channel"/> (sms or email) for <paramref name="purpose"/> may go out: the consent and an address there.</summary>
    public bool Can(CommunicationChannel channel, ConsentPurpose purpose) => channel switch
    {
        CommunicationChannel.Sms => Can(ConsentChannel.Sms, purpose),
        CommunicationChannel.Email => Can(ConsentChannel.Email, purpose),
        _ => false,
    };

    /// <summary>
    /// The channel a message goes on: the requested channel when the recipient has its address and the consent for
    /// <paramref name="purpose"/>; for <see cref="WorkflowChannel.Preferred"/> SMS first, then e-mail. Null with the reason otherwise.
    /// </summary>
    public (CommunicationChannel? Channel, string? Why) ChannelFor(WorkflowChannel channel, ConsentPurpose purpose) => channel switch
    {
        WorkflowChannel.Sms when Can(ConsentChannel.Sms, purpose) => (CommunicationChannel.Sms, null),
        WorkflowChannel.Email when Can(ConsentChannel.Email, purpose) => (CommunicationChannel.Email, null),
        WorkflowChannel.Preferred when Can(ConsentChannel.Sms, purpose) => (CommunicationChannel.Sms, null),
        WorkflowChannel.Preferred when Can(ConsentChannel.Email, purpose) => (CommunicationChannel.Email, null),
        _ => (null, $"no {(channel == WorkflowChannel.Preferred ? "sms or email" : channel.ToString().ToLowerInvariant())} address with a " +
                    $"{purpose.ToString().ToLowerInvariant()} consent"),
    };

    /// <summary>The address on <paramref name="channel"/>: the e-mail address for e-mail, else the phone.</summary>
    public string AddressOn(CommunicationChannel channel) => (channel == CommunicationChannel.Email ? Email : Phone)!;

    private bool Can(ConsentChannel c, ConsentPurpose purpose) =>
        Consents.Contains(new ConsentGrant(c, purpose)) && !string.IsNullOrWhiteSpace(c == ConsentChannel.Sms ? Phone : Email);
}
