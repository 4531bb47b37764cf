using ChiroClick.AiGateway.Embeddings;
using ChiroClick.Domain.Assistant;
using ChiroClick.Domain.Privacy;

namespace ChiroClick.Projections.Assistant;

/// <summary>
/// Async projection "Knowledge": cuts every indexable text (<see cref="ChunkSources.All"/>: visit notes, consultations,
/// clinic documents; call transcripts attributed to one patient, <see cref="CallTranscriptSource"/>) into overlapping chunks (<see cref="TextChunker"/>) and
/// embeds them with the configured <see cref="ITextEmbedder"/>, one embedding call per event page and clinic (the embedder
/// batches further). Chunk ids are "{source}:{index}", so a rebuild overwrites instead of adding. PersonalDataErased on a
/// patient's stream deletes the patient's chunks; masked texts make no chunks, so a rebuild after an erasure equals the
/// live state. The embedder is the only outside call: with Ollama embeddings a failure pauses the projection until it
/// answers again (the daemon retries), and nothing half-embedded is stored.
/// </summary>
public sealed class KnowledgeChunkProjection(ITextEmbedder embedder) : IProjection
{
    /// <summary>Projection name (<c>projections rebuild -p Knowledge</c>: a full re-index).</summary>
    public const string Name = "Knowledge";

    /// <summary>The documents it writes (a custom projection declares none to Marten).</summary>
    public static readonly IReadOnlyList<Type> PublishedDocumentTypes = [typeof(KnowledgeChunk)];

    /// <summary>Applies one page of events (all clinics).</summary>
    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        foreach (var tenant in events.GroupBy(e => e.TenantId))
        {
            var ops = string.IsNullOrEmpty(tenant.Key) || tenant.Key == operations.TenantId ? operations : operations.ForTenant(tenant.Key);
            await ApplyTenantAsync(ops, tenant.OrderBy(e => e.Sequence).ToList(), cancellation);
        }
    }

    private async Task ApplyTenantAsync(IDocumentOperations ops, List<IEvent> events, CancellationToken ct)
    {
        var chunks = new List<KnowledgeChunk>();
        foreach (var e in events)
        {
            if (e.Data is PersonalDataErased { SubjectType: SubjectType.Patient, Scope: ErasureScope.Full })
            {
                var patient = e.StreamId;
                chunks.RemoveAll(c => c.PatientId == patient);
                ops.DeleteWhere<KnowledgeChunk>(c => c.PatientId == patient);
                continue;
            }
            foreach (var source in ChunkSources.All)
                if (source.Read(e) is { } text) chunks.AddRange(Cut(text));
            foreach (var source in ChunkSources.WithLookup)
            {
                if (source.Handles(e) is not { } sourceId) continue;
                var text = await source.ReadAsync(e, ops, ct);
                // Chunk ids do not depend on the patient, so re-cut chunks overwrite; only chunks kept under another patient
                // (a re-attributed call) or of a text no longer indexable are deleted.
                chunks.RemoveAll(c => c.SourceId == sourceId);
                if (text?.PatientId is not { } patient) ops.DeleteWhere<KnowledgeChunk>(c => c.SourceId == sourceId);
                else ops.DeleteWhere<KnowledgeChunk>(c => c.SourceId == sourceId && c.PatientId != patient);
                if (text is not null) chunks.AddRange(Cut(text));
            }
        }
        if (chunks.Count == 0) return;
        var vectors = await embedder.EmbedAsync(chunks.Select(c => c.Text).ToList(), ct);
        for (var i = 0; i < chunks.Count; i++)
        {
            chunks[i].Vector = KnowledgeChunk.Bytes(vectors[i]);
            chunks[i].EmbeddingModel = embedder.Model;
            ops.Store(chunks[i]);
        }
    }

    /// <summary>The chunks of one source text, without vectors.</summary>
    public static IEnumerable<KnowledgeChunk> Cut(SourceText s)
    {
        var body = string.IsNullOrWhiteSpace(s.Title) ? s.Text : $"{s.Title}\n{s.Text}";
        var pieces = TextChunker.Chunk(body);
        for (var i = 0; i < pieces.Count; i++)
        {
            yield return new KnowledgeChunk
            {
                Id = KnowledgeChunk.IdOf(s.SourceId, i), SourceType = s.Type, SourceId = s.SourceId, PatientId = s.PatientId,
                Clinical = s.Type != KnowledgeSourceType.ClinicDocument, Index = i, Title = s.Title, Text = pieces[i], SourceTime = s.At,
            };
        }
    }
}
