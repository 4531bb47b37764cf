namespace ChiroClick.Domain.Leads;

/// <summary>
/// Where a lead is in the sales pipeline: new → contacted → consultation_booked → converted | lost.
/// Serialised in snake_case (<c>consultation_booked</c>) in HTTP and in Marten.
/// </summary>
public enum LeadStage
{
    /// <summary>Captured, nobody has reached out yet.</summary>
    New,
    /// <summary>The clinic has been in touch with the lead.</summary>
    Contacted,
    /// <summary>A first consultation is booked.</summary>
    ConsultationBooked,
    /// <summary>Terminal: the lead became a patient.</summary>
    Converted,
    /// <summary>Terminal: the lead will not become a patient (with a reason).</summary>
    Lost,
}

/// <summary>Where a lead came from. Serialised in snake_case (<c>walk_in</c>).</summary>
public enum LeadSource
{
    /// <summary>The clinic's own web site or booking form.</summary>
    Website,
    /// <summary>Recommended by an existing patient or a health professional.</summary>
    Referral,
    /// <summary>Search engines (Google, Bing) and map listings.</summary>
    Search,
    /// <summary>Facebook, Instagram and other social media.</summary>
    SocialMedia,
    /// <summary>Called the clinic.</summary>
    Phone,
    /// <summary>Came to the front desk.</summary>
    WalkIn,
    /// <summary>Answered a marketing campaign.</summary>
    Campaign,
    /// <summary>Anything else.</summary>
    Other,
}

/// <summary>Stage rules shared by decisions and projections.</summary>
public static class LeadStages
{
    /// <summary>True for converted and lost: no move out of them is allowed.</summary>
    public static bool IsTerminal(this LeadStage stage) => stage is LeadStage.Converted or LeadStage.Lost;

    /// <summary>The stages in pipeline order, terminal ones last.</summary>
    public static IReadOnlyList<LeadStage> All { get; } = Enum.GetValues<LeadStage>();
}
