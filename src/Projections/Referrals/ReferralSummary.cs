using ChiroClick.Domain.Referrals;

namespace ChiroClick.Projections.Referrals;

/// <summary>One referral for lists and statistics (inline).</summary>
public sealed class ReferralSummary
{
    /// <summary>Referral id.</summary>
    public Guid Id { get; set; }
    /// <summary>Stream version.</summary>
    public int Version { get; set; }
    /// <summary>The referring patient.</summary>
    public Guid ReferringPatientId { get; set; }
    /// <summary>The referred lead, if any.</summary>
    public Guid? ReferredLeadId { get; set; }
    /// <summary>The referred person as a patient, once converted.</summary>
    public Guid? ReferredPatientId { get; set; }
    /// <summary>Note.</summary>
    public string? Note { get; set; }
    /// <summary>Whether the referred person became a patient.</summary>
    public bool Converted { get; set; }
    /// <summary>When it was recorded (event timestamp).</summary>
    public DateTimeOffset RecordedAt { get; set; }
    /// <summary>When it converted.</summary>
    public DateTimeOffset? ConvertedAt { get; set; }
    /// <summary>The reward given, once rewarded.</summary>
    public string? Reward { get; set; }
    /// <summary>When it was rewarded.</summary>
    public DateTimeOffset? RewardedAt { get; set; }
}

/// <summary>Inline projection building <see cref="ReferralSummary"/>.</summary>
public sealed class ReferralSummaryProjection : SingleStreamProjection<ReferralSummary, Guid>
{
    /// <summary>Starts the summary.</summary>
    public static ReferralSummary Create(IEvent<ReferralRecorded> e) => new()
    {
        Id = e.Data.ReferralId,
        ReferringPatientId = e.Data.ReferringPatientId,
        ReferredLeadId = e.Data.ReferredLeadId,
        ReferredPatientId = e.Data.ReferredPatientId,
        Note = e.Data.Note,
        Converted = e.Data.ReferredPatientId is not null,
        ConvertedAt = e.Data.ReferredPatientId is not null ? e.Timestamp : null,
        RecordedAt = e.Timestamp,
    };

    /// <summary>Marks the conversion.</summary>
    public static void Apply(ReferralConverted e, ReferralSummary s)
    {
        s.Converted = true;
        s.ReferredPatientId = e.PatientId;
        s.ConvertedAt = e.ConvertedAt;
    }

    /// <summary>Marks the reward.</summary>
    public static void Apply(ReferralRewarded e, ReferralSummary s)
    {
        s.Reward = e.Reward;
        s.RewardedAt = e.RewardedAt;
    }
}
