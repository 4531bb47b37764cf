using ChiroClick.Domain.Leads;
using ChiroClick.Domain.Referrals;
using ChiroClick.Projections.Referrals;
using JasperFx.Events;

namespace ChiroClick.Api.Referrals;

/// <summary>
/// Reacts to LeadConverted (relayed from the event store to Wolverine by the "crm-automation" subscription, in the
/// event's tenant): every open referral of that lead gets ReferralConverted with the new patient.
/// </summary>
public static class ReferralConversionHandler
{
    /// <summary>Appends ReferralConverted to each matching referral not yet converted.</summary>
    public static async Task Handle(IEvent<LeadConverted> e, IDocumentSession session, CancellationToken ct)
    {
        var open = await session.Query<ReferralSummary>()
            .Where(x => x.ReferredLeadId == e.Data.LeadId && !x.Converted)
            .Select(x => x.Id).ToListAsync(ct);
        // Appended here rather than returned: one conversion may touch several referral streams (older data may hold
        // more than one referral of a lead), all in this one transaction.
        foreach (var id in open)
        {
            var referral = await session.Events.FetchForWriting<Referral>(id, ct);
            if (referral.Aggregate is { } r) referral.AppendMany(ReferralDecisions.LeadConverted(r, e.Data.PatientId, e.Timestamp));
        }
    }
}
