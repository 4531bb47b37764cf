using ChiroClick.Domain.Common;

namespace ChiroClick.Domain.Waitlist;

/// <summary>New wishes for an entry; a null field keeps its value (an empty practitioner clears it).</summary>
/// <param name="Priority">1 (low) .. 5 (urgent), or null.</param>
/// <param name="PreferredPractitioner">Practitioner, "" to clear, or null.</param>
/// <param name="Windows">Time windows, or null.</param>
/// <param name="Note">Note, or null.</param>
public sealed record WaitlistWishes(int? Priority, string? PreferredPractitioner, IReadOnlyList<TimeWindow>? Windows, string? Note)
{
    /// <summary>True when any wish is given.</summary>
    public bool Any => Priority is not null || PreferredPractitioner is not null || Windows is not null || Note is not null;
}

/// <summary>Pure decisions on waitlist entries: adding, changing wishes, accepting an offer, closing, expiring offers.</summary>
public static class WaitlistDecisions
{
    /// <summary>Adds an entry: practitioner and note trimmed (blank → none), no windows → any time.</summary>
    public static WaitlistEntryAdded Add(Guid id, Guid patientId, string? practitioner, IReadOnlyList<TimeWindow>? windows, int priority, string? note) =>
        new(id, patientId, Blank(practitioner), windows ?? [], priority, Blank(note));

    /// <summary>
    /// Changes an open entry: new <paramref name="wishes"/>, then either the patient takes offer <paramref name="acceptOfferId"/>
    /// (accepted, the other pending offers expire, the entry closes as booked) or the entry closes for <paramref name="close"/>
    /// (pending offers expire). A business-rule refusal for a closed entry, or an offer unknown, answered or lapsed at <paramref name="now"/>.
    /// </summary>
    public static Decision Update(WaitlistEntry entry, WaitlistWishes wishes, Guid? acceptOfferId, WaitlistCloseReason? close, DateTimeOffset now)
    {
        if (!entry.IsOpen) return DomainError.Rule("The waitlist entry is closed.");
        var events = new List<object>();
        if (wishes.Any)
            events.Add(new WaitlistEntryUpdated(entry.Id,
                wishes.PreferredPractitioner is null ? entry.PreferredPractitioner : Blank(wishes.PreferredPractitioner),
                wishes.Windows ?? entry.Windows, wishes.Priority ?? entry.Priority, wishes.Note ?? entry.Note));
        if (acceptOfferId is { } offerId)
        {
            var offer = entry.Offers.FirstOrDefault(o => o.OfferId == offerId);
            if (offer is null || offer.Status != WaitlistOfferStatus.Pending || offer.ExpiresAt <= now)
                return DomainError.Rule("That offer is unknown, already answered or expired.");
            events.Add(new WaitlistOfferAccepted(entry.Id, offerId, now));
            events.AddRange(Lapsed(entry with { Offers = entry.Offers.Where(o => o.OfferId != offerId).ToList() }, now, all: true));
            events.Add(new WaitlistEntryClosed(entry.Id, WaitlistCloseReason.Booked, now));
        }
        else if (close is { } reason)
        {
            events.AddRange(Lapsed(entry, now, all: true));
            events.Add(new WaitlistEntryClosed(entry.Id, reason, now));
        }
        return Decision.Append([.. events]);
    }

    /// <summary>Pending offers that lapsed by <paramref name="now"/> (or all pending ones when <paramref name="all"/>).</summary>
    public static IEnumerable<WaitlistOfferExpired> Lapsed(WaitlistEntry entry, DateTimeOffset now, bool all = false) =>
        entry.Offers.Where(o => o.Status == WaitlistOfferStatus.Pending && (all || o.ExpiresAt <= now))
            .Select(o => new WaitlistOfferExpired(entry.Id, o.OfferId, now));

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
