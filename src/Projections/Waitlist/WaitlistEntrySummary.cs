using ChiroClick.Domain.Waitlist;

namespace ChiroClick.Projections.Waitlist;

/// <summary>A waitlist entry with its offers (inline read model).</summary>
public sealed class WaitlistEntrySummary
{
    /// <summary>Entry id.</summary>
    public Guid Id { get; set; }
    /// <summary>Stream version.</summary>
    public int Version { get; set; }
    /// <summary>The waiting patient.</summary>
    public Guid PatientId { get; set; }
    /// <summary>Preferred practitioner or null.</summary>
    public string? PreferredPractitioner { get; set; }
    /// <summary>Weekly windows.</summary>
    public List<TimeWindow> Windows { get; set; } = new();
    /// <summary>1..5.</summary>
    public int Priority { get; set; }
    /// <summary>Note.</summary>
    public string? Note { get; set; }
    /// <summary>True until closed.</summary>
    public bool Open { get; set; } = true;
    /// <summary>How it closed, once closed.</summary>
    public WaitlistCloseReason? ClosedAs { get; set; }
    /// <summary>Offers in the order sent.</summary>
    public List<WaitlistOffer> Offers { get; set; } = new();
    /// <summary>When it was added (event timestamp).</summary>
    public DateTimeOffset AddedAt { get; set; }
    /// <summary>When it closed.</summary>
    public DateTimeOffset? ClosedAt { get; set; }
}

/// <summary>Inline projection building <see cref="WaitlistEntrySummary"/>.</summary>
public sealed class WaitlistEntrySummaryProjection : SingleStreamProjection<WaitlistEntrySummary, Guid>
{
    /// <summary>Starts the summary.</summary>
    public static WaitlistEntrySummary Create(IEvent<WaitlistEntryAdded> e) => new()
    {
        Id = e.Data.EntryId, PatientId = e.Data.PatientId, PreferredPractitioner = e.Data.PreferredPractitioner,
        Windows = e.Data.Windows.ToList(), Priority = e.Data.Priority, Note = e.Data.Note, AddedAt = e.Timestamp,
    };

    /// <summary>Applies new wishes.</summary>
    public static void Apply(WaitlistEntryUpdated e, WaitlistEntrySummary s)
    {
        s.PreferredPractitioner = e.PreferredPractitioner;
        s.Windows = e.Windows.ToList();
        s.Priority = e.Priority;
        s.Note = e.Note;
    }

    /// <summary>Tracks the offer.</summary>
    public static void Apply(WaitlistOfferSent e, WaitlistEntrySummary s) =>
        s.Offers.Add(new WaitlistOffer(e.OfferId, e.SlotStart, e.SlotEnd, e.Practitioner, e.ExpiresAt, WaitlistOfferStatus.Pending));

    /// <summary>Marks the offer accepted.</summary>
    public static void Apply(WaitlistOfferAccepted e, WaitlistEntrySummary s) => Mark(s, e.OfferId, WaitlistOfferStatus.Accepted);

    /// <summary>Marks the offer expired.</summary>
    public static void Apply(WaitlistOfferExpired e, WaitlistEntrySummary s) => Mark(s, e.OfferId, WaitlistOfferStatus.Expired);

    /// <summary>Closes the entry.</summary>
    public static void Apply(WaitlistEntryClosed e, WaitlistEntrySummary s)
    {
        s.Open = false;
        s.ClosedAs = e.Reason;
        s.ClosedAt = e.ClosedAt;
    }

    private static void Mark(WaitlistEntrySummary s, Guid offerId, WaitlistOfferStatus status)
    {
        var i = s.Offers.FindIndex(o => o.OfferId == offerId);
        if (i >= 0) s.Offers[i] = s.Offers[i] with { Status = status };
    }
}
