using ChiroClick.AiGateway;
using ChiroClick.Api.Ai;
using ChiroClick.Api.Assistant.Retrieval;
using ChiroClick.Domain.Assistant;

namespace ChiroClick.Api.Assistant;

/// <summary>
/// One search result: a chunk of a source, a snippet around the first query word it holds, the fused score, and its
/// 1-based rank in the lexical and the vector list (null when it was not among that list's candidates).
/// </summary>
public sealed record SearchHit(KnowledgeSourceType SourceType, Guid SourceId, Guid? PatientId, string Snippet, double Score, int? LexicalRank,
    int? VectorRank);

/// <summary>
/// <c>GET /api/v1/assistant/search?q=&amp;patientId=&amp;k=10</c>: hybrid retrieval over the clinic's knowledge (full text in
/// norwegian and english, cosine over the embeddings, fused by reciprocal rank). Clinical sources only for clinicians and
/// admins; with <c>patientId</c> only that patient's sources and the clinic's documents. 400 without <c>q</c> or with
/// <c>k</c> outside 1..50; 404 unknown patient; 503 when the Ollama embedder is configured and unreachable. Reads are
/// access-logged with the patients the answer names. The index trails writes by the async daemon (typically &lt; 1 s).
/// </summary>
public static class SearchKnowledgeEndpoint
{
    /// <summary>Searches.</summary>
    [WolverineGet("/api/v1/assistant/search", OperationId = "searchKnowledge", Summary = "Search the clinic's records and documents (hybrid)")]
    [ProducesResponseType<IReadOnlyList<SearchHit>>(200)]
    public static async Task<IResult> Get(string? q, Guid? patientId, int? k, HttpContext http, IQuerySession session, HybridRetriever retriever,
        IOptions<AssistantOptions> options, CancellationToken ct)
    {
        var max = options.Value.MaxResults;
        if (string.IsNullOrWhiteSpace(q)) return Problems.BadRequest("q is required: the words or question to search for.");
        if (q.Length > 2_000) return Problems.BadRequest("q is at most 2000 characters.");
        if (k is < 1 || k > max) return Problems.BadRequest($"k must be between 1 and {max}.");
        if (patientId is { } p && await session.LoadAsync<Projections.Patients.PatientSummary>(p, ct) is null)
            return SuggestionSupport.UnknownPatient(p);
        try
        {
            var hits = await retriever.SearchAsync(session, RetrievalScope.For(http.User, session.TenantId, patientId), q, k ?? 10, ct);
            return Results.Ok(hits.Select(h => new SearchHit(h.Chunk.SourceType, h.Chunk.SourceId, h.Chunk.PatientId,
                Snippets.Around(h.Chunk.Text, q, options.Value.SnippetLength), Math.Round(h.Score, 6), h.LexicalRank, h.VectorRank)).ToList());
        }
        catch (AiGatewayException ex)
        {
            return SuggestionSupport.Problem(ex);
        }
    }
}

/// <summary>Snippets of chunk texts.</summary>
public static class Snippets
{
    /// <summary>
    /// At most <paramref name="length"/> characters of <paramref name="text"/>, starting a little before the first word of
    /// <paramref name="query"/> (3+ letters) it contains, else at its start; cut at word boundaries, "…" where cut.
    /// </summary>
    public static string Around(string text, string query, int length)
    {
        var flat = System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();
        if (flat.Length <= length) return flat;
        var first = query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Trim('.', ',', '?', '!', ':', ';', '"', '\'', '(', ')'))
            .Where(w => w.Length >= 3)
            .Select(w => flat.IndexOf(w, StringComparison.OrdinalIgnoreCase))
            .Where(i => i >= 0).DefaultIfEmpty(0).Min();
        var start = Math.Max(0, Math.Min(first - length / 4, flat.Length - length));
        if (start > 0 && flat.LastIndexOf(' ', start) is var space and > 0) start = space + 1;
        var end = Math.Min(flat.Length, start + length);
        if (end < flat.Length && flat.LastIndexOf(' ', end - 1) is var cut && cut > start) end = cut;
        return (start > 0 ? "…" : "") + flat[start..end] + (end < flat.Length ? "…" : "");
    }
}
