using System.Collections.Concurrent;

namespace ChiroClick.Api.Access;

/// <summary>When a key was last used (UTC, accurate to <see cref="ApiKeyUsageTracker.Resolution"/>). Keyed by the key's hash; single-tenanted.</summary>
public sealed class ApiKeyUsage
{
    /// <summary>Lower-case hex SHA-256 of the key.</summary>
    public string Id { get; set; } = "";
    /// <summary>Last use seen (UTC).</summary>
    public DateTimeOffset LastUsedAt { get; set; }
}

/// <summary>
/// Records "last used" for the key list. Deliberately not an event: an event per request would turn every read
/// into a write and flood the clinic stream (and the audit trail) with noise, while "last used" is an
/// operational hint, not a business fact. So it is a plain overwritten document, written at most once per key
/// per <see cref="Resolution"/> per API node (bounded: one small upsert per key per minute, whatever the traffic).
/// A failure to record it is logged and never fails the request.
/// </summary>
public sealed class ApiKeyUsageTracker(IDocumentStore store, ILogger<ApiKeyUsageTracker> logger)
{
    /// <summary>How stale "last used" may be.</summary>
    public static readonly TimeSpan Resolution = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _written = new();

    /// <summary>Notes a use of the key with <paramref name="keyHash"/> at <paramref name="now"/>, writing only when the last write is a minute old.</summary>
    public async Task TouchAsync(string keyHash, DateTimeOffset now, CancellationToken ct)
    {
        if (_written.TryGetValue(keyHash, out var last) && now >= last && now - last < Resolution) return;
        _written[keyHash] = now;
        try
        {
            await using var session = store.LightweightSession();
            session.Store(new ApiKeyUsage { Id = keyHash, LastUsedAt = now });
            await session.SaveChangesAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _written.TryRemove(keyHash, out _);
            logger.LogWarning(ex, "Could not record the last use of an API key");
        }
    }
}
