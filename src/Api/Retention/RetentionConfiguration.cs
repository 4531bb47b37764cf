using ChiroClick.Projections.Retention;
using JasperFx.Events.Projections;

namespace ChiroClick.Api.Retention;

/// <summary>Marten registration of the analytics projection behind retention, churn, NPS, lifecycle/referral stats and the overview.</summary>
public static class RetentionConfiguration
{
    /// <summary>The async <see cref="ClinicAnalyticsProjection"/> with its per-clinic and per-clinic-month documents.</summary>
    public static void ConfigureRetention(this StoreOptions opts)
    {
        opts.Projections.Add(new ClinicAnalyticsProjection(), ProjectionLifecycle.Async, ClinicAnalyticsProjection.Name, o =>
        {
            Infrastructure.MartenConfiguration.Tuned(o);
            o.BatchSize = ClinicAnalyticsProjection.PageSize;
            // A custom projection declares no documents: without this a rebuild would add to the old counts.
            foreach (var type in ClinicAnalyticsProjection.PublishedDocumentTypes) o.DeleteViewTypeOnTeardown(type);
        });
        foreach (var type in ClinicAnalyticsProjection.PublishedDocumentTypes) opts.RegisterDocumentType(type);
        opts.Schema.For<NpsMonthCounts>().Index(x => x.Scope);
    }
}
