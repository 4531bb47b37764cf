using ChiroClick.Domain.Waitlist;
using ChiroClick.Projections.Waitlist;

namespace ChiroClick.Api.Waitlist;

/// <summary>Command: record WaitlistOfferExpired for every pending offer of the message's tenant whose time ran out.</summary>
// Stored message name from before the feature folders (durable envelopes of an existing database still carry it).
[Wolverine.Attributes.MessageIdentity("ChiroClick.Api.Crm.ExpireWaitlistOffers")]
public sealed record ExpireWaitlistOffers;

/// <summary>Wolverine handler of <see cref="ExpireWaitlistOffers"/> (sent by <see cref="Patients.LifecycleScheduler"/> with the sweep); "now" from the injected clock.</summary>
public static class ExpireWaitlistOffersHandler
{
    /// <summary>Appends the expiries (committed by Wolverine's transaction).</summary>
    public static async Task Handle(ExpireWaitlistOffers _, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var open = await session.Query<WaitlistEntrySummary>().Where(x => x.Open).ToListAsync(ct);
        foreach (var summary in open)
        {
            var entry = WaitlistInput.ToAggregate(summary);
            var lapsed = WaitlistDecisions.Lapsed(entry, now).Cast<object>().ToArray();
            // Appended here rather than returned: one sweep touches every open entry's stream, in one transaction.
            if (lapsed.Length > 0) session.Events.Append(entry.Id, entry.Version + lapsed.Length, lapsed);
        }
    }
}
