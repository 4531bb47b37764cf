namespace ChiroClick.AiGateway.Embeddings;

/// <summary>Turns texts into L2-normalised vectors (cosine similarity = dot product).</summary>
public interface ITextEmbedder
{
    /// <summary>Name of the model the vectors come from ("all-MiniLM-L6-v2", or the Ollama model); stored with every vector.</summary>
    string Model { get; }

    /// <summary>One unit-length vector per text, in order. Throws <see cref="AiGatewayException"/> when the embedder is unavailable.</summary>
    Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken ct);
}
