using ChiroClick.Projections.Surveys;

namespace ChiroClick.Api.Surveys;

/// <summary>Marten registration of surveys.</summary>
public static class SurveysConfiguration
{
    /// <summary>The inline survey read model (sends and responses).</summary>
    public static void ConfigureSurveys(this StoreOptions opts) =>
        opts.AddInline<SurveySummaryProjection>();
}
