namespace ChiroClick.Domain.Referrals;

/// <summary>Marker for every event of a referral stream.</summary>
public interface IReferralEvent
{
    /// <summary>The referral's id (= its stream id).</summary>
    Guid ReferralId { get; }
}

/// <summary>A patient referred someone: a lead (not yet a patient) or an existing patient. Starts the referral stream.</summary>
/// <param name="ReferralId">Stream id.</param>
/// <param name="ReferringPatientId">The patient who made the referral.</param>
/// <param name="ReferredLeadId">The referred lead, or null.</param>
/// <param name="ReferredPatientId">The referred patient, or null (a referral straight to a patient counts as converted).</param>
/// <param name="Note">Free text, or null.</param>
public sealed record ReferralRecorded(Guid ReferralId, Guid ReferringPatientId, Guid? ReferredLeadId, Guid? ReferredPatientId, string? Note)
    : IReferralEvent;

/// <summary>The referred person became a patient (set by the handler of LeadConverted, or by hand).</summary>
/// <param name="ReferralId">Referral id.</param>
/// <param name="PatientId">The patient the referred person is now.</param>
/// <param name="ConvertedAt">When the conversion happened.</param>
public sealed record ReferralConverted(Guid ReferralId, Guid PatientId, DateTimeOffset ConvertedAt) : IReferralEvent;

/// <summary>The referring patient got the reward for a converted referral.</summary>
/// <param name="ReferralId">Referral id.</param>
/// <param name="Reward">What was given, e.g. "gavekort 300 kr".</param>
/// <param name="RewardedAt">When.</param>
public sealed record ReferralRewarded(Guid ReferralId, string Reward, DateTimeOffset RewardedAt) : IReferralEvent;
