namespace ChiroClick.Api.Assistant.Retrieval;

/// <summary>A chunk found by vector similarity: its id and cosine similarity (-1..1).</summary>
public sealed record VectorHit(string ChunkId, double Score);

/// <summary>
/// Nearest chunks by cosine similarity, always within one clinic and scope. The one seam for another vector index: the
/// PostgreSQL implementation compares in process (<see cref="PostgresVectorStore"/>); a pgvector implementation would
/// answer the same call with an <c>ORDER BY embedding &lt;=&gt; @q</c> query.
/// </summary>
public interface IVectorStore
{
    /// <summary>The <paramref name="limit"/> chunks most similar to <paramref name="query"/> (unit length) among vectors of <paramref name="model"/>.</summary>
    Task<IReadOnlyList<VectorHit>> SearchAsync(RetrievalScope scope, string model, float[] query, int limit, CancellationToken ct);
}
