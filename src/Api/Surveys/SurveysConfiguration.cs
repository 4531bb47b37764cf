using ChiroClick.Projections.Surveys;

namespace ChiroClick.Api.Surveys;

/// <summary>Marten and service registration of surveys.</summary>
public static class SurveysConfiguration
{
    /// <summary>The inline survey read model (sends and responses).</summary>
    public static void ConfigureSurveys(this StoreOptions opts) =>
        opts.AddInline<SurveySummaryProjection>();

    /// <summary>The workflow step send_nps_survey (<see cref="NpsSurveyStep"/>).</summary>
    public static IServiceCollection AddChiroClickSurveys(this IServiceCollection services) =>
        services.AddSingleton<Workflows.IWorkflowStep, NpsSurveyStep>();
}
