using ChiroClick.Domain.Assistant;
using ChiroClick.Domain.Telephony;
using ChiroClick.Projections.Telephony;

namespace ChiroClick.Projections.Assistant;

/// <summary>
/// A chunk source that must look something up to know whose text it is. <see cref="KnowledgeChunkProjection"/> calls it for
/// every event with the clinic's session; <see cref="Handles"/> says which events concern it, so the projection can drop
/// the source's chunks when <see cref="ReadAsync"/> no longer yields a text (erased, or no longer attributable).
/// </summary>
public interface ILookupChunkSource
{
    /// <summary>The id of the source record <paramref name="e"/> concerns, or null when the event is not about this source.</summary>
    Guid? Handles(IEvent e);

    /// <summary>The text to index for the source <paramref name="e"/> concerns, or null when nothing may be indexed.</summary>
    Task<SourceText?> ReadAsync(IEvent e, IQuerySession clinic, CancellationToken ct);
}

/// <summary>
/// Phone-call transcripts (CallTranscriptReceived), indexed under the call's patient once the call is attributed to exactly one
/// patient (CallLogged's caller match or a later CallerMatched, read from the inline <see cref="CallSummary"/>). A call matched
/// to no patient or to several (a family's shared number) is not indexed: nothing tells whose record it belongs to, and a
/// chunk without a patient would turn up in every patient's search.
/// </summary>
public sealed class CallTranscriptSource : ILookupChunkSource
{
    /// <inheritdoc />
    public Guid? Handles(IEvent e) => e.Data switch
    {
        CallTranscriptReceived t => t.CallId,
        CallerMatched m => m.CallId,
        _ => null,
    };

    /// <inheritdoc />
    public async Task<SourceText?> ReadAsync(IEvent e, IQuerySession clinic, CancellationToken ct)
    {
        if (Handles(e) is not { } callId) return null;
        var call = await clinic.LoadAsync<CallSummary>(callId, ct);
        if (call?.Transcript is not { } transcript || string.IsNullOrWhiteSpace(transcript) || ChunkSources.Erased(transcript)) return null;
        if (call.PatientIds.Count != 1) return null;
        return new SourceText(KnowledgeSourceType.CallTranscript, callId, call.PatientIds[0], $"Telefonsamtale {call.StartedAt:yyyy-MM-dd}",
            transcript, call.StartedAt);
    }
}
