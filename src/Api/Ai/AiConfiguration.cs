using ChiroClick.AiGateway;
using ChiroClick.Domain.Ai;
using ChiroClick.Projections.Ai;

namespace ChiroClick.Api.Ai;

/// <summary>Registration of the AI module: the gateway services and the suggestion projections.</summary>
public static class AiConfiguration
{
    /// <summary>
    /// The AI gateway (<see cref="AiGatewayServices.AddAiGateway"/>): options from section <c>Ai</c>, OllamaSharp client, model catalog;
    /// and the workflow step draft_sms (<see cref="DraftSmsStep"/>).
    /// </summary>
    public static IServiceCollection AddChiroClickAi(this IServiceCollection services, IConfiguration configuration) =>
        services.AddAiGateway(configuration).AddSingleton<Workflows.IWorkflowStep, DraftSmsStep>();

    /// <summary>
    /// Suggestion events (registered here only; Training reads them too); <see cref="AiSuggestionView"/> inline
    /// (read model of a suggestion; the write model is the live-aggregated <see cref="AiSuggestion"/>),
    /// <see cref="AiMetrics"/> async (per clinic figures).
    /// </summary>
    public static void ConfigureAi(this StoreOptions opts)
    {
        opts.Events.AddEventTypes([typeof(AiSuggestionGenerated), typeof(AiSuggestionAccepted), typeof(AiSuggestionModified),
            typeof(AiSuggestionRejected)]);
        opts.AddInline<AiSuggestionViewProjection>();
        opts.AddAsync<AiMetricsProjection>();
        opts.Schema.For<AiSuggestionView>().Index(x => x.GeneratedAt);
    }
}
