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
