using System.Collections.Concurrent;
using System.Numerics.Tensors;
using Npgsql;

namespace ChiroClick.Api.Assistant.Retrieval;

/// <summary>
/// Vectors stored with the chunks in PostgreSQL (<c>mt_doc_knowledgechunk</c>, float32 bytes), loaded per clinic into memory
/// and compared with <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/> (vectors are unit length, so the dot
/// product is the cosine). Each search first asks the database for the clinic's chunk count, a sum of id hashes and the latest
/// change; only chunks changed since are read, and a count or sum that does not add up (deleted chunks: an erasure, a
/// rebuild) reloads the clinic, so an erased chunk is never found again. ~1.6 KB per 384-dimension chunk: 100,000 chunks ≈ 160 MB.
/// </summary>
public sealed class PostgresVectorStore(NpgsqlDataSource db) : IVectorStore
{
    private sealed record Entry(string Id, Guid? PatientId, bool Clinical, float[] Vector, long IdHash);

    private sealed class ClinicVectors
    {
        public readonly SemaphoreSlim Lock = new(1, 1);
        public Dictionary<string, Entry> Entries = new(StringComparer.Ordinal);
        public DateTimeOffset Watermark = DateTimeOffset.MinValue;
        public string Model = "";
    }

    private readonly ConcurrentDictionary<string, ClinicVectors> _clinics = new(StringComparer.Ordinal);

    /// <summary>The chunk table.</summary>
    public const string Table = Infrastructure.MartenConfiguration.Schema + ".mt_doc_knowledgechunk";

    /// <inheritdoc />
    public async Task<IReadOnlyList<VectorHit>> SearchAsync(RetrievalScope scope, string model, float[] query, int limit, CancellationToken ct)
    {
        var entries = await EntriesAsync(scope.Tenant, model, ct);
        var hits = new List<VectorHit>();
        foreach (var e in entries)
        {
            if (!scope.Allows(e.Clinical, e.PatientId) || e.Vector.Length != query.Length) continue;
            hits.Add(new VectorHit(e.Id, TensorPrimitives.Dot<float>(e.Vector, query)));
        }
        return hits.OrderByDescending(h => h.Score).ThenBy(h => h.ChunkId, StringComparer.Ordinal).Take(limit).ToList();
    }

    private async Task<IReadOnlyCollection<Entry>> EntriesAsync(string tenant, string model, CancellationToken ct)
    {
        var clinic = _clinics.GetOrAdd(tenant, _ => new ClinicVectors());
        await clinic.Lock.WaitAsync(ct);
        try
        {
            var (count, hashSum, latest) = await StateAsync(tenant, model, ct);
            if (clinic.Model != model)
            {
                clinic.Entries = new(StringComparer.Ordinal);
                clinic.Watermark = DateTimeOffset.MinValue;
                clinic.Model = model;
            }
            if (latest is { } l && l > clinic.Watermark)
            {
                foreach (var e in await ReadAsync(tenant, model, clinic.Watermark, ct)) clinic.Entries[e.Id] = e;
                clinic.Watermark = l;
            }
            if (clinic.Entries.Count != count || clinic.Entries.Values.Sum(e => e.IdHash) != hashSum)
            {
                clinic.Entries = (await ReadAsync(tenant, model, DateTimeOffset.MinValue, ct)).ToDictionary(e => e.Id, StringComparer.Ordinal);
                clinic.Watermark = latest ?? DateTimeOffset.MinValue;
            }
            return clinic.Entries.Values;
        }
        finally
        {
            clinic.Lock.Release();
        }
    }

    private async Task<(long Count, long HashSum, DateTimeOffset? Latest)> StateAsync(string tenant, string model, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            select count(*), coalesce(sum(hashtext(id)::bigint), 0)::bigint, max(mt_last_modified)
            from {Table} where tenant_id = $1 and data->>'embeddingModel' = $2
            """);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(model);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2));
    }

    // ">=" on the watermark: rows written in the same microsecond as the last read are read again, never missed.
    private async Task<List<Entry>> ReadAsync(string tenant, string model, DateTimeOffset since, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            select id, data->>'patientId', coalesce((data->>'clinical')::boolean, true), decode(data->>'vector', 'base64'), hashtext(id)::bigint
            from {Table} where tenant_id = $1 and data->>'embeddingModel' = $2 and mt_last_modified >= $3
            """);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(model);
        cmd.Parameters.AddWithValue(since == DateTimeOffset.MinValue ? DateTimeOffset.UnixEpoch : since);
        var entries = new List<Entry>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var bytes = reader.GetFieldValue<byte[]>(3);
            var vector = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();
            entries.Add(new Entry(reader.GetString(0), reader.IsDBNull(1) ? null : Guid.Parse(reader.GetString(1)), reader.GetBoolean(2), vector,
                reader.GetInt64(4)));
        }
        return entries;
    }
}
