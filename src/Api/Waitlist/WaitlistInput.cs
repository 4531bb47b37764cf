using ChiroClick.Domain.Waitlist;
using ChiroClick.Projections.Waitlist;

namespace ChiroClick.Api.Waitlist;

internal static class WaitlistInput
{
    public static void Check(Dictionary<string, string[]> errors, int? priority, IReadOnlyList<TimeWindow>? windows)
    {
        if (priority is < 1 or > 5) errors.Add("priority", "priority is 1 (low) .. 5 (urgent).");
        if (windows?.Any(w => w is null || w.To <= w.From) == true) errors.Add("windows", "Each window needs from < to.");
    }

    public static WaitlistEntry ToAggregate(WaitlistEntrySummary s) =>
        new(s.Id, s.PatientId, s.PreferredPractitioner, s.Windows, s.Priority, s.Note, s.ClosedAs, s.Offers) { Version = s.Version };

    /// <summary>Pending offers that lapsed by <paramref name="now"/> (or all pending ones when <paramref name="all"/>); see <see cref="WaitlistDecisions.Lapsed"/>.</summary>
    public static IEnumerable<WaitlistOfferExpired> Lapsed(WaitlistEntry e, DateTimeOffset now, bool all = false) => WaitlistDecisions.Lapsed(e, now, all);
}
