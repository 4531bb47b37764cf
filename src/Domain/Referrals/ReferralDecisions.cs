using ChiroClick.Domain.Common;

namespace ChiroClick.Domain.Referrals;

/// <summary>Pure decisions on referrals: recording one, converting it and rewarding the referrer.</summary>
public static class ReferralDecisions
{
    /// <summary>
    /// Records that <paramref name="referringPatientId"/> referred a lead or a patient. A conflict when the lead already
    /// has a referral (<paramref name="leadAlreadyReferred"/>); when the lead has already become a patient
    /// (<paramref name="patientOfLead"/>), the referral names that patient too and counts as converted from the start.
    /// </summary>
    public static Decision Record(Guid id, Guid referringPatientId, Guid? referredLeadId, Guid? referredPatientId, string? note,
        bool leadAlreadyReferred, Guid? patientOfLead)
    {
        if (referredLeadId is { } lead && leadAlreadyReferred) return DomainError.Conflict($"Lead {lead} already has a referral.");
        return Decision.Append(new ReferralRecorded(id, referringPatientId, referredLeadId, patientOfLead ?? referredPatientId,
            string.IsNullOrWhiteSpace(note) ? null : note.Trim()));
    }

    /// <summary>
    /// Marks the conversion by hand (<paramref name="referredPatientId"/>, ignored when already converted) and/or rewards
    /// the referrer (<paramref name="reward"/>): a business-rule refusal unless the referral is, or by this command becomes,
    /// converted, and when it was rewarded before.
    /// </summary>
    public static Decision Update(Referral referral, string? reward, Guid? referredPatientId, DateTimeOffset now)
    {
        var events = new List<object>();
        var converted = referral.Converted;
        if (referredPatientId is { } p && !converted)
        {
            events.Add(new ReferralConverted(referral.Id, p, now));
            converted = true;
        }
        if (!string.IsNullOrWhiteSpace(reward))
        {
            if (!converted) return DomainError.Rule("Only a converted referral can be rewarded.");
            if (referral.Rewarded) return DomainError.Rule("The referral has already been rewarded.");
            events.Add(new ReferralRewarded(referral.Id, reward.Trim(), now));
        }
        return Decision.Append([.. events]);
    }

    /// <summary>The referred lead became <paramref name="patientId"/> at <paramref name="at"/>: nothing when already converted.</summary>
    public static IReadOnlyList<object> LeadConverted(Referral referral, Guid patientId, DateTimeOffset at) =>
        referral.Converted ? [] : [new ReferralConverted(referral.Id, patientId, at)];
}
