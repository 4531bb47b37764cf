using ChiroClick.AiGateway.Embeddings;
using ChiroClick.Projections.Assistant;

namespace ChiroClick.Api.Assistant.Retrieval;

/// <summary>How a search ranks: lexical only, vector only, or both fused (the API always uses hybrid; the benchmark compares).</summary>
public enum RetrievalMode
{
    /// <summary>Full-text search only.</summary>
    Lexical,
    /// <summary>Cosine similarity only.</summary>
    Vector,
    /// <summary>Both, fused by reciprocal rank.</summary>
    Hybrid,
}

/// <summary>One retrieved chunk: the chunk, its fused score and its 1-based rank in each list (null when not in it).</summary>
public sealed record RetrievedChunk(KnowledgeChunk Chunk, double Score, int? LexicalRank, int? VectorRank);

/// <summary>
/// Hybrid retrieval: <see cref="LexicalSearch"/> and <see cref="IVectorStore"/> each give their best
/// <see cref="AssistantOptions.Candidates"/>, fused by reciprocal rank (<see cref="Fuse"/>), within one <see cref="RetrievalScope"/>.
/// </summary>
public sealed class HybridRetriever(LexicalSearch lexical, IVectorStore vectors, ITextEmbedder embedder, IOptions<AssistantOptions> options)
{
    /// <summary>The <paramref name="k"/> best chunks for <paramref name="query"/>, loaded from <paramref name="session"/> (the scope's clinic).</summary>
    public async Task<IReadOnlyList<RetrievedChunk>> SearchAsync(IQuerySession session, RetrievalScope scope, string query, int k,
        CancellationToken ct, RetrievalMode mode = RetrievalMode.Hybrid)
    {
        var n = Math.Max(k, options.Value.Candidates);
        IReadOnlyList<string> lexicalIds = [];
        IReadOnlyList<string> vectorIds = [];
        if (mode != RetrievalMode.Vector) lexicalIds = (await lexical.SearchAsync(scope, query, n, ct)).Select(h => h.ChunkId).ToList();
        if (mode != RetrievalMode.Lexical)
        {
            var q = (await embedder.EmbedAsync([query], ct))[0];
            vectorIds = (await vectors.SearchAsync(scope, embedder.Model, q, n, ct)).Select(h => h.ChunkId).ToList();
        }
        var fused = Fuse(lexicalIds, vectorIds, options.Value.RrfK).Take(k).ToList();
        var chunks = (await session.LoadManyAsync<KnowledgeChunk>(ct, fused.Select(f => f.Id).ToArray())).ToDictionary(c => c.Id);
        // A chunk deleted between the searches and the load (an erasure) is simply left out.
        return fused.Where(f => chunks.ContainsKey(f.Id) && scope.Allows(chunks[f.Id].Clinical, chunks[f.Id].PatientId))
            .Select(f => new RetrievedChunk(chunks[f.Id], f.Score, f.LexicalRank, f.VectorRank)).ToList();
    }

    /// <summary>
    /// Reciprocal rank fusion: score(d) = Σ over the lists containing d of 1 / (<paramref name="k"/> + rank), ranks from 1;
    /// ties broken by the better single rank, then the id. A list alone gives its own order.
    /// </summary>
    public static IEnumerable<(string Id, double Score, int? LexicalRank, int? VectorRank)> Fuse(IReadOnlyList<string> lexical,
        IReadOnlyList<string> vector, int k)
    {
        var ranks = new Dictionary<string, (int? L, int? V)>(StringComparer.Ordinal);
        for (var i = 0; i < lexical.Count; i++) ranks.TryAdd(lexical[i], (i + 1, null));
        for (var i = 0; i < vector.Count; i++) ranks[vector[i]] = ranks.TryGetValue(vector[i], out var r) ? (r.L, r.V ?? i + 1) : (null, i + 1);
        return ranks
            .Select(p => (Id: p.Key, Score: Rrf(p.Value.L, k) + Rrf(p.Value.V, k), LexicalRank: p.Value.L, VectorRank: p.Value.V))
            .OrderByDescending(x => x.Score)
            .ThenBy(x => Math.Min(x.LexicalRank ?? int.MaxValue, x.VectorRank ?? int.MaxValue))
            .ThenBy(x => x.Id, StringComparer.Ordinal);
    }

    private static double Rrf(int? rank, int k) => rank is { } r ? 1.0 / (k + r) : 0;
}
