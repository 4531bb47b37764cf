using ChiroClick.AiGateway.Ollama;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OllamaSharp;

namespace ChiroClick.AiGateway;

/// <summary>Service registration of the AI gateway.</summary>
public static class AiGatewayServices
{
    /// <summary>
    /// Registers <see cref="AiOptions"/> (section <c>Ai</c>), <see cref="OllamaOptions"/> (<c>Ai:Ollama</c>),
    /// one OllamaSharp <see cref="OllamaApiClient"/> on a shared HttpClient (no HttpClient timeout: each call
    /// has the task's own), the <see cref="ModelCatalog"/> and the <see cref="OllamaGateway"/>.
    /// </summary>
    public static IServiceCollection AddAiGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AiOptions>(configuration.GetSection(AiOptions.Section));
        services.Configure<OllamaOptions>(configuration.GetSection(OllamaOptions.Section));
        services.AddSingleton<IOllamaApiClient>(sp =>
        {
            var baseUrl = sp.GetRequiredService<IOptions<OllamaOptions>>().Value.BaseUrl;
            if (!baseUrl.EndsWith('/')) baseUrl += "/";
            var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = Timeout.InfiniteTimeSpan };
            return new OllamaApiClient(http);
        });
        services.AddSingleton<ModelCatalog>();
        services.AddSingleton<OllamaGateway>();
        return services;
    }
}
