namespace ChiroClick.Domain.Waitlist;

/// <summary>Why a waitlist entry closed. Serialised snake_case.</summary>
public enum WaitlistCloseReason
{
    /// <summary>The patient got an appointment (an offer was accepted, or booked otherwise).</summary>
    Booked,
    /// <summary>Taken off the list by staff or at the patient's request.</summary>
    Removed,
    /// <summary>No longer relevant (e.g. the wait became too long).</summary>
    Expired,
}

/// <summary>State of one offer.</summary>
public enum WaitlistOfferStatus
{
    /// <summary>Sent, waiting for an answer until it expires.</summary>
    Pending,
    /// <summary>The patient took the slot.</summary>
    Accepted,
    /// <summary>Not answered in time (or the entry closed first).</summary>
    Expired,
}

/// <summary>
/// A weekly time window the patient can come in, in clinic local time: <paramref name="Day"/> (null = any
/// day) from <paramref name="From"/> to <paramref name="To"/>. A slot fits when it starts and ends inside it
/// on that day (compared in the slot's own UTC offset, i.e. the clinic's local time the client sends).
/// </summary>
public sealed record TimeWindow(DayOfWeek? Day, TimeOnly From, TimeOnly To)
{
    /// <summary>Whether a slot fits in the window.</summary>
    public bool Fits(DateTimeOffset start, DateTimeOffset end) =>
        (Day is null || start.DayOfWeek == Day) && start.Date == end.Date &&
        TimeOnly.FromTimeSpan(start.TimeOfDay) >= From && TimeOnly.FromTimeSpan(end.TimeOfDay) <= To;
}

/// <summary>Marker for every event of a waitlist entry stream.</summary>
public interface IWaitlistEvent
{
    /// <summary>The entry's id (= its stream id).</summary>
    Guid EntryId { get; }
}

/// <summary>A patient was put on the waitlist. Starts the entry stream.</summary>
/// <param name="EntryId">Stream id.</param>
/// <param name="PatientId">The waiting patient.</param>
/// <param name="PreferredPractitioner">Practitioner wanted, or null for anyone.</param>
/// <param name="Windows">When the patient can come (empty = any time).</param>
/// <param name="Priority">1 (low) .. 5 (urgent); higher priorities get offers first.</param>
/// <param name="Note">Free text or null.</param>
public sealed record WaitlistEntryAdded(Guid EntryId, Guid PatientId, string? PreferredPractitioner, IReadOnlyList<TimeWindow> Windows,
    int Priority, string? Note) : IWaitlistEvent;

/// <summary>The entry's wishes changed (full new values).</summary>
public sealed record WaitlistEntryUpdated(Guid EntryId, string? PreferredPractitioner, IReadOnlyList<TimeWindow> Windows, int Priority,
    string? Note) : IWaitlistEvent;

/// <summary>A freed slot was offered to the patient.</summary>
/// <param name="EntryId">Entry id.</param>
/// <param name="OfferId">Offer id.</param>
/// <param name="SlotStart">Slot start (clinic local offset).</param>
/// <param name="SlotEnd">Slot end.</param>
/// <param name="Practitioner">Practitioner of the slot, or null.</param>
/// <param name="SentAt">When the offer went out.</param>
/// <param name="ExpiresAt">When it lapses without an answer (SentAt + the clinic's waitlist offer hours).</param>
public sealed record WaitlistOfferSent(Guid EntryId, Guid OfferId, DateTimeOffset SlotStart, DateTimeOffset SlotEnd, string? Practitioner,
    DateTimeOffset SentAt, DateTimeOffset ExpiresAt) : IWaitlistEvent;

/// <summary>The patient accepted an offer (the entry then closes as booked).</summary>
public sealed record WaitlistOfferAccepted(Guid EntryId, Guid OfferId, DateTimeOffset AcceptedAt) : IWaitlistEvent;

/// <summary>An offer lapsed without an answer.</summary>
public sealed record WaitlistOfferExpired(Guid EntryId, Guid OfferId, DateTimeOffset ExpiredAt) : IWaitlistEvent;

/// <summary>The entry closed: booked, removed or expired.</summary>
public sealed record WaitlistEntryClosed(Guid EntryId, WaitlistCloseReason Reason, DateTimeOffset ClosedAt) : IWaitlistEvent;

/// <summary>One offer as the aggregate tracks it.</summary>
public sealed record WaitlistOffer(Guid OfferId, DateTimeOffset SlotStart, DateTimeOffset SlotEnd, string? Practitioner, DateTimeOffset ExpiresAt,
    WaitlistOfferStatus Status);

/// <summary>The waitlist entry aggregate.</summary>
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
