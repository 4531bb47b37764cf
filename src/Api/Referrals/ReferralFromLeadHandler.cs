using ChiroClick.Domain.Leads;
using ChiroClick.Domain.Referrals;
using ChiroClick.Projections.Patients;
using ChiroClick.Projections.Referrals;
using JasperFx.Events;

namespace ChiroClick.Api.Referrals;

/// <summary>
/// Reacts to LeadCaptured (relayed like LeadConverted): a lead captured with <c>referredByPatientId</c> of a
/// known patient gets its referral recorded automatically, once (the referral id is a UUIDv5 of the lead id).
/// </summary>
public static class ReferralFromLeadHandler
{
    /// <summary>Starts the referral stream with ReferralRecorded unless the lead already has a referral or the referrer is unknown.</summary>
    public static async Task<IStartStream?> Handle(IEvent<LeadCaptured> e, IQuerySession session, CancellationToken ct)
    {
        if (e.Data.ReferredByPatientId is not { } referrer) return null;
        if (await session.LoadAsync<PatientSummary>(referrer, ct) is null) return null;
        var referred = await session.Query<ReferralSummary>().AnyAsync(x => x.ReferredLeadId == e.Data.LeadId, ct);
        var id = Import.DeterministicGuid.Create(e.Data.LeadId, "referral");
        var decision = ReferralDecisions.Record(id, referrer, e.Data.LeadId, null, "recorded from the lead's referredByPatientId", referred, null);
        return decision.Accepted ? MartenOps.StartStream<Referral>(id, [.. decision.Events]) : null;
    }
}
