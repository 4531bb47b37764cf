using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChiroClick.AiGateway.Embeddings;

/// <summary>Registration of the embedder chosen by <c>Ai:Embeddings:Provider</c>.</summary>
public static class EmbeddingServices
{
    /// <summary>
    /// <see cref="EmbeddingOptions"/> (validated at start-up) and one <see cref="ITextEmbedder"/> singleton: the in-process
    /// <see cref="MiniLmEmbedder"/> or the <see cref="OllamaEmbedder"/> (on the gateway's OllamaSharp client; call
    /// <see cref="AiGatewayServices.AddAiGateway"/> too).
    /// </summary>
    public static IServiceCollection AddEmbeddings(this IServiceCollection services)
    {
        services.AddOptions<EmbeddingOptions>().BindConfiguration(EmbeddingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MiniLmEmbedder>();
        services.AddSingleton<OllamaEmbedder>();
        services.AddSingleton<ITextEmbedder>(sp => sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value.Provider == EmbeddingProvider.Ollama
            ? sp.GetRequiredService<OllamaEmbedder>()
            : sp.GetRequiredService<MiniLmEmbedder>());
        return services;
    }
}
