using ChiroClick.Projections.Surveys;
using JasperFx.Events.Projections;

namespace ChiroClick.Api.Surveys;

/// <summary>Marten and service registration of surveys.</summary>
public static class SurveysConfiguration
{
    /// <summary>The inline survey read model (sends and responses).</summary>
    public static void ConfigureSurveys(this StoreOptions opts) =>
        opts.Projections.Add<SurveySummaryProjection>(ProjectionLifecycle.Inline, Infrastructure.MartenConfiguration.Tuned);

    /// <summary>The workflow step send_nps_survey (<see cref="NpsSurveyStep"/>).</summary>
    public static IServiceCollection AddChiroClickSurveys(this IServiceCollection services) =>
        services.AddSingleton<Workflows.IWorkflowStep, NpsSurveyStep>();
}
