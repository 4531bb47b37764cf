namespace ChiroClick.Domain.Referrals;

/// <summary>The referral aggregate (stream id = referral id): what <see cref="ReferralDecisions"/> needs; rebuilt live.</summary>
public sealed record Referral(Guid Id, Guid ReferringPatientId, Guid? ReferredLeadId, Guid? ReferredPatientId, bool Converted, bool Rewarded)
{
    /// <summary>Stream version.</summary>
    public int Version { get; init; }

    /// <summary>Starts the aggregate; a referral straight to a patient is converted from the start.</summary>
    public static Referral Create(ReferralRecorded e) =>
        new(e.ReferralId, e.ReferringPatientId, e.ReferredLeadId, e.ReferredPatientId, e.ReferredPatientId is not null, false);

    /// <summary>Marks the conversion.</summary>
    public Referral Apply(ReferralConverted e) => this with { Converted = true, ReferredPatientId = e.PatientId };

    /// <summary>Marks the reward.</summary>
    public Referral Apply(ReferralRewarded e) => this with { Rewarded = true };
}
