using ChiroClick.Projections.Retention;

namespace ChiroClick.Api.Retention;

/// <summary>Marten registration of the analytics projection behind retention, churn, NPS, lifecycle/referral stats and the overview.</summary>
public static class RetentionConfiguration
{
    /// <summary>The async <see cref="ClinicAnalyticsProjection"/> with its per-clinic and per-clinic-month documents.</summary>
    public static void ConfigureRetention(this StoreOptions opts)
    {
        opts.AddAsyncPublishing(new ClinicAnalyticsProjection(), ClinicAnalyticsProjection.Name, ClinicAnalyticsProjection.PublishedDocumentTypes,
            o => o.BatchSize = ClinicAnalyticsProjection.PageSize);
        opts.Schema.For<NpsMonthCounts>().Index(x => x.Scope);
    }
}
