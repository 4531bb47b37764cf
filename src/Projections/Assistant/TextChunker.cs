using System.Text.RegularExpressions;

namespace ChiroClick.Projections.Assistant;

/// <summary>
/// Cuts a text into chunks of about <see cref="ChunkWords"/> words that overlap by <see cref="OverlapWords"/>, so a
/// sentence cut at a border is whole in one of the two. A text of at most <see cref="ChunkWords"/> + <see cref="OverlapWords"/>
/// words stays one chunk (no tiny tail chunks). Chunks are slices of the original text (line breaks kept), cut between words.
/// Pure and deterministic: a rebuild cuts the same chunks.
/// </summary>
public static partial class TextChunker
{
    /// <summary>Words per chunk.</summary>
    public const int ChunkWords = 400;

    /// <summary>Words shared by consecutive chunks.</summary>
    public const int OverlapWords = 80;

    /// <summary>The chunks of <paramref name="text"/>; none for a blank text.</summary>
    public static IReadOnlyList<string> Chunk(string text, int chunkWords = ChunkWords, int overlapWords = OverlapWords)
    {
        var words = Word().Matches(text);
        if (words.Count == 0) return [];
        if (words.Count <= chunkWords + overlapWords) return [text.Trim()];
        var chunks = new List<string>();
        var step = chunkWords - overlapWords;
        for (var start = 0; start < words.Count; start += step)
        {
            var end = Math.Min(start + chunkWords, words.Count);
            // The last chunk takes a short remainder instead of leaving it alone.
            if (words.Count - end <= overlapWords) end = words.Count;
            var from = words[start].Index;
            var to = words[end - 1].Index + words[end - 1].Length;
            chunks.Add(text[from..to]);
            if (end == words.Count) break;
        }
        return chunks;
    }

    /// <summary>How many words <paramref name="text"/> has.</summary>
    public static int Words(string text) => Word().Count(text);

    [GeneratedRegex(@"\S+")]
    private static partial Regex Word();
}
