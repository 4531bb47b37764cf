namespace ChiroClick.Domain.Waitlist;

/// <summary>The waitlist entry aggregate (stream id = entry id): what <see cref="WaitlistDecisions"/> needs; rebuilt live.</summary>
public sealed record WaitlistEntry(Guid Id, Guid PatientId, string? PreferredPractitioner, IReadOnlyList<TimeWindow> Windows, int Priority,
    string? Note, WaitlistCloseReason? ClosedAs, IReadOnlyList<WaitlistOffer> Offers)
{
    /// <summary>Stream version.</summary>
    public int Version { get; init; }

    /// <summary>True until the entry closes.</summary>
    public bool IsOpen => ClosedAs is null;

    /// <summary>Starts the aggregate.</summary>
    public static WaitlistEntry Create(WaitlistEntryAdded e) =>
        new(e.EntryId, e.PatientId, e.PreferredPractitioner, e.Windows, e.Priority, e.Note, null, []);

    /// <summary>Applies new wishes.</summary>
    public WaitlistEntry Apply(WaitlistEntryUpdated e) =>
        this with { PreferredPractitioner = e.PreferredPractitioner, Windows = e.Windows, Priority = e.Priority, Note = e.Note };

    /// <summary>Tracks the offer.</summary>
    public WaitlistEntry Apply(WaitlistOfferSent e) =>
        this with { Offers = [.. Offers, new WaitlistOffer(e.OfferId, e.SlotStart, e.SlotEnd, e.Practitioner, e.ExpiresAt, WaitlistOfferStatus.Pending)] };

    /// <summary>Marks the offer accepted.</summary>
    public WaitlistEntry Apply(WaitlistOfferAccepted e) => WithOffer(e.OfferId, WaitlistOfferStatus.Accepted);

    /// <summary>Marks the offer expired.</summary>
    public WaitlistEntry Apply(WaitlistOfferExpired e) => WithOffer(e.OfferId, WaitlistOfferStatus.Expired);

    /// <summary>Closes the entry.</summary>
    public WaitlistEntry Apply(WaitlistEntryClosed e) => this with { ClosedAs = e.Reason };

    private WaitlistEntry WithOffer(Guid offerId, WaitlistOfferStatus status) =>
        this with { Offers = Offers.Select(o => o.OfferId == offerId ? o with { Status = status } : o).ToList() };

    /// <summary>Whether a freed slot suits this entry: open, no pending offer, practitioner and window match.</summary>
    public bool Matches(DateTimeOffset start, DateTimeOffset end, string? practitioner, DateTimeOffset now) =>
        IsOpen && !Offers.Any(o => o.Status == WaitlistOfferStatus.Pending && o.ExpiresAt > now) &&
        (PreferredPractitioner is null || string.Equals(PreferredPractitioner, practitioner, StringComparison.OrdinalIgnoreCase)) &&
        (Windows.Count == 0 || Windows.Any(w => w.Fits(start, end)));
}
