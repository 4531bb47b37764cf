using System.Security.Cryptography;
using System.Text;

namespace ChiroClick.Domain.Training;

/// <summary>
/// A clinic exported a training dataset (<c>training export</c>). Appended to the clinic's training-export
/// stream (<see cref="TrainingExportStream.For"/>); the last one's <paramref name="Watermark"/> is where the
/// next incremental export starts. Nothing is marked or deleted: the examples stay in their projections.
/// </summary>
/// <param name="BatchId">Id of the export (also in manifest.json).</param>
/// <param name="Kinds">Dataset kinds written: "sft", "dpo".</param>
/// <param name="Counts">Rows per file role: train, validation, test, dpo.</param>
/// <param name="Watermark">Highest event sequence included (the training projection's progress at export time).</param>
/// <param name="PreviousWatermark">Watermark the export started after (0 for a full export).</param>
/// <param name="AnonymiserVersion">Version of the anonymisation rules that produced the examples.</param>
/// <param name="FileHashes">File name → lower-case hex SHA-256 of the file as written.</param>
/// <param name="Full">True for <c>--all</c> (everything, ignoring the previous watermark).</param>
public sealed record TrainingDatasetExported(
    Guid BatchId,
    IReadOnlyList<string> Kinds,
    IReadOnlyDictionary<string, int> Counts,
    long Watermark,
    long PreviousWatermark,
    string AnonymiserVersion,
    IReadOnlyDictionary<string, string> FileHashes,
    bool Full);

/// <summary>The one stream per clinic that records its training exports.</summary>
public static class TrainingExportStream
{
    /// <summary>Deterministic stream id for <paramref name="clinicId"/> (name-based UUID, SHA-1 of a fixed prefix + the clinic id).</summary>
    public static Guid For(Guid clinicId)
    {
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes("chiroclick:training-exports:" + clinicId.ToString("D")));
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // version 5
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true);
    }
}
