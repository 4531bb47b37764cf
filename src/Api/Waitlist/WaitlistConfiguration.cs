using ChiroClick.Projections.Waitlist;

namespace ChiroClick.Api.Waitlist;

/// <summary>Marten registration of the waitlist.</summary>
public static class WaitlistConfiguration
{
    /// <summary>The inline waitlist entry read model.</summary>
    public static void ConfigureWaitlist(this StoreOptions opts) =>
        opts.AddInline<WaitlistEntrySummaryProjection>();
}
