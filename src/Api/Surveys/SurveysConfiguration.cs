using ChiroClick.Projections.Surveys;
using JasperFx.Events.Projections;

namespace ChiroClick.Api.Surveys;

/// <summary>Marten registration of surveys.</summary>
public static class SurveysConfiguration
{
    /// <summary>The inline survey read model (sends and responses).</summary>
    public static void ConfigureSurveys(this StoreOptions opts) =>
        opts.Projections.Add<SurveySummaryProjection>(ProjectionLifecycle.Inline, Infrastructure.MartenConfiguration.Tuned);
}
