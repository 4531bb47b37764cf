using ChiroClick.Projections.Training;

namespace ChiroClick.Api.Training;

/// <summary>Which training examples: SFT examples or DPO pairs (wire names <c>sft</c>, <c>dpo</c>).</summary>
public enum TrainingExampleKind
{
    /// <summary>Supervised fine-tuning examples (ChatML messages).</summary>
    Sft,
    /// <summary>Preference pairs (prompt, chosen, rejected).</summary>
    Dpo,
}

/// <summary>Reads the stored, anonymised training examples of the session's clinic.</summary>
public static class TrainingExampleQueries
{
    /// <summary>
    /// The highest decision sequence above <paramref name="since"/> (or <paramref name="since"/> when there is none) and the
    /// number of examples in (since, watermark], before deduplication.
    /// </summary>
    public static async Task<(long Watermark, long Count)> RangeAsync(IQuerySession session, TrainingExampleKind kind, long since, CancellationToken ct)
    {
        // Watermark first, then the count up to it: the daemon may add examples in between, and the count
        // must describe exactly the rows streamed (the daemon commits in sequence order).
        var watermark = since;
        if (kind == TrainingExampleKind.Sft)
        {
            if (await session.Query<SftExample>().AnyAsync(x => x.Sequence > since, ct))
                watermark = await session.Query<SftExample>().Where(x => x.Sequence > since).MaxAsync(x => x.Sequence, ct);
            return (watermark, await session.Query<SftExample>().CountAsync(x => x.Sequence > since && x.Sequence <= watermark, ct));
        }
        if (await session.Query<DpoExample>().AnyAsync(x => x.Sequence > since, ct))
            watermark = await session.Query<DpoExample>().Where(x => x.Sequence > since).MaxAsync(x => x.Sequence, ct);
        return (watermark, await session.Query<DpoExample>().CountAsync(x => x.Sequence > since && x.Sequence <= watermark, ct));
    }

    /// <summary>
    /// The lines (compact UTF-8 JSON, no newline) of the examples in (since, watermark], ordered by decision sequence,
    /// deduplicated by content (the first of equal lines is kept).
    /// </summary>
    public static async IAsyncEnumerable<byte[]> LinesAsync(IQuerySession session, TrainingExampleKind kind, long since, long watermark,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (kind == TrainingExampleKind.Sft)
        {
            await foreach (var ex in session.Query<SftExample>().Where(x => x.Sequence > since && x.Sequence <= watermark).OrderBy(x => x.Sequence).ToAsyncEnumerable(ct))
                if (seen.Add(ex.ContentHash)) yield return TrainingJson.Utf8(ex.Line);
            yield break;
        }
        await foreach (var ex in session.Query<DpoExample>().Where(x => x.Sequence > since && x.Sequence <= watermark).OrderBy(x => x.Sequence).ToAsyncEnumerable(ct))
            if (seen.Add(ex.ContentHash)) yield return TrainingJson.Utf8(ex.Line);
    }
}
