using System.Text;
using ChiroClick.Domain.Assistant;
using ChiroClick.Domain.Consultations;
using ChiroClick.Domain.Patients;
using ChiroClick.Domain.Privacy;

namespace ChiroClick.Projections.Assistant;

/// <summary>A text the assistant indexes, as a chunk source reads it from one event.</summary>
/// <param name="Type">Kind of source.</param>
/// <param name="SourceId">Id of the source record.</param>
/// <param name="PatientId">Patient it is about, or null.</param>
/// <param name="Title">Title (put before the text of the first chunk).</param>
/// <param name="Text">The text.</param>
/// <param name="At">Business time.</param>
public sealed record SourceText(KnowledgeSourceType Type, Guid SourceId, Guid? PatientId, string Title, string Text, DateTimeOffset At);

/// <summary>
/// Reads the indexable text out of one kind of event. A new kind of source is one small class implementing this (found
/// by <see cref="ChunkSources.All"/> in this assembly): return null for events it does not handle, and for masked
/// (erased) text, so that a rebuild after an erasure makes no chunk of it.
/// </summary>
public interface IChunkSource
{
    /// <summary>The text of <paramref name="e"/>, or null.</summary>
    SourceText? Read(IEvent e);
}

/// <summary>The chunk sources of this assembly.</summary>
public static class ChunkSources
{
    /// <summary>Every <see cref="IChunkSource"/> implementation in the Projections assembly, by type name.</summary>
    public static IReadOnlyList<IChunkSource> All { get; } = typeof(IChunkSource).Assembly.GetTypes()
        .Where(t => typeof(IChunkSource).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false } && t.GetConstructor(Type.EmptyTypes) is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (IChunkSource)Activator.CreateInstance(t)!)
        .ToList();

    /// <summary>Every <see cref="ILookupChunkSource"/> implementation in the Projections assembly, by type name.</summary>
    public static IReadOnlyList<ILookupChunkSource> WithLookup { get; } = typeof(ILookupChunkSource).Assembly.GetTypes()
        .Where(t => typeof(ILookupChunkSource).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false } && t.GetConstructor(Type.EmptyTypes) is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (ILookupChunkSource)Activator.CreateInstance(t)!)
        .ToList();

    /// <summary>True when a text was erased (masking writes the fixed <see cref="Masked.Text"/>).</summary>
    public static bool Erased(string? text) => text == Masked.Text;
}

/// <summary>Visit notes (VisitNoteRecorded): the SOAP text, codes, red flags and exercises.</summary>
public sealed class VisitNoteSource : IChunkSource
{
    /// <inheritdoc />
    public SourceText? Read(IEvent e)
    {
        if (e.Data is not VisitNoteRecorded n || ChunkSources.Erased(n.Subjective) || ChunkSources.Erased(n.Assessment)) return null;
        var sb = new StringBuilder(new SoapNote(n.Subjective, n.Objective, n.Assessment, n.Plan).Text());
        if (n.Icpc2Codes.Count > 0) sb.Append("\n\nICPC-2: ").Append(string.Join(", ", n.Icpc2Codes));
        if (n.RedFlags.Count > 0) sb.Append("\n\nRøde flagg: ").Append(string.Join("; ", n.RedFlags));
        if (n.Exercises.Count > 0) sb.Append("\n\nØvelser: ").Append(string.Join("; ", n.Exercises));
        return new SourceText(KnowledgeSourceType.VisitNote, n.NoteId, n.PatientId, $"Journalnotat {n.RecordedAt:yyyy-MM-dd}", sb.ToString(), n.RecordedAt);
    }
}

/// <summary>Consultation transcripts (ConsultationRecorded), one line per speaker turn.</summary>
public sealed class ConsultationSource : IChunkSource
{
    /// <inheritdoc />
    public SourceText? Read(IEvent e)
    {
        if (e.Data is not ConsultationRecorded c || ChunkSources.Erased(c.Transcript)) return null;
        var text = string.Join("\n", c.Turns.Select(t => t.Speaker is null ? t.Text : $"{t.Speaker}: {t.Text}"));
        return new SourceText(KnowledgeSourceType.Consultation, c.ConsultationId, c.PatientId, $"Konsultasjon {c.RecordedAt:yyyy-MM-dd}", text, c.RecordedAt);
    }
}

/// <summary>Clinic documents (ClinicDocumentAdded).</summary>
public sealed class ClinicDocumentSource : IChunkSource
{
    /// <inheritdoc />
    public SourceText? Read(IEvent e) => e.Data is ClinicDocumentAdded d
        ? new SourceText(KnowledgeSourceType.ClinicDocument, d.DocumentId, null, d.Title, d.Text, d.AddedAt)
        : null;
}
