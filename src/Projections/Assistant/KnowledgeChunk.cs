using ChiroClick.Domain.Assistant;

namespace ChiroClick.Projections.Assistant;

/// <summary>
/// One chunk of the clinic's knowledge (about 400 words of a visit note, consultation, clinic document or call
/// transcript) with its embedding; written by <see cref="KnowledgeChunkProjection"/>. Lexical search reads <see cref="Text"/>
/// through PostgreSQL full-text indexes (norwegian and english), vector search reads <see cref="Vector"/>.
/// </summary>
public sealed class KnowledgeChunk
{
    /// <summary>"{sourceId}:{index}" (stable across rebuilds).</summary>
    public string Id { get; set; } = "";
    /// <summary>Kind of source.</summary>
    public KnowledgeSourceType SourceType { get; set; }
    /// <summary>Id of the source record (note, consultation, document, call).</summary>
    public Guid SourceId { get; set; }
    /// <summary>Patient the source is about, or null (clinic documents).</summary>
    public Guid? PatientId { get; set; }
    /// <summary>True for clinical sources, which only clinicians and admins may search.</summary>
    public bool Clinical { get; set; }
    /// <summary>Position of the chunk in its source, from 0.</summary>
    public int Index { get; set; }
    /// <summary>Title of the source ("Konsultasjon 2026-11-20", a document's title).</summary>
    public string Title { get; set; } = "";
    /// <summary>The chunk's text (the title is part of the first chunk).</summary>
    public string Text { get; set; } = "";
    /// <summary>Business time of the source.</summary>
    public DateTimeOffset SourceTime { get; set; }
    /// <summary>Model the vector comes from; search compares only vectors of the configured model.</summary>
    public string EmbeddingModel { get; set; } = "";
    /// <summary>The unit-length embedding as little-endian float32 bytes (base64 in the JSON).</summary>
    public byte[] Vector { get; set; } = [];

    /// <summary>The chunk id of a source's n-th chunk.</summary>
    public static string IdOf(Guid sourceId, int index) => $"{sourceId:N}:{index}";

    /// <summary>The vector as floats.</summary>
    public float[] Floats() => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Vector).ToArray();

    /// <summary>Floats as the stored bytes.</summary>
    public static byte[] Bytes(float[] vector) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();
}
