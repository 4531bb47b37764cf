using ChiroClick.Projections.Waitlist;
using JasperFx.Events.Projections;

namespace ChiroClick.Api.Waitlist;

/// <summary>Marten registration of the waitlist.</summary>
public static class WaitlistConfiguration
{
    /// <summary>The inline waitlist entry read model.</summary>
    public static void ConfigureWaitlist(this StoreOptions opts) =>
        opts.Projections.Add<WaitlistEntrySummaryProjection>(ProjectionLifecycle.Inline, Infrastructure.MartenConfiguration.Tuned);
}
