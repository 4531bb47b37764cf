using System.Security.Cryptography;
using System.Text;
using ChiroClick.Domain.Clinics;
using ChiroClick.Projections.Access;

namespace ChiroClick.Api.Access;

/// <summary>
/// API keys: 32 random bytes, base64url, prefixed "cc_" (47 characters). Keys carry 256 bits of
/// entropy, so a plain SHA-256 (FIPS 180-4) is the right storage hash: a slow password hash would add
/// nothing against guessing and cost every request. Each key has one <see cref="KeyRole"/> and an optional
/// expiry; issuing and revoking are events on the clinic stream (ApiKeyIssued, ApiKeyRevoked), shared by the
/// <c>clinics</c> command and the <c>/api/v1/admin/keys</c> routes.
/// </summary>
public static class ApiKeys
{
    /// <summary>Header every request carries.</summary>
    public const string Header = "X-Api-Key";

    /// <summary>Length of the prefix shown in lists and used to revoke a key ("cc_" and five more characters).</summary>
    public const int PrefixLength = 8;

    /// <summary>Longest allowed expiry, in days (ten years).</summary>
    public const int MaxExpiresInDays = 3650;

    /// <summary>Longest user name a key acts as (the API and <c>clinics key</c> refuse longer ones).</summary>
    public const int MaxUserLength = 100;

    /// <summary>
    /// The registered clinics: every clinic id that has at least one API key (active or not), each once. The schedulers
    /// and the <c>privacy</c> command run their per-clinic work over this list.
    /// </summary>
    public static async Task<List<Guid>> RegisteredClinicsAsync(IQuerySession query, CancellationToken ct) =>
        (await query.Query<ApiKeyRecord>().Select(x => x.ClinicId).ToListAsync(ct)).Distinct().ToList();

    /// <summary>Creates a new random key.</summary>
    public static string NewKey() => "cc_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>Lower-case hex SHA-256 of the key's UTF-8 bytes.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The prefix of a key as listed.</summary>
    public static string PrefixOf(string key) => key[..Math.Min(PrefixLength, key.Length)];

    /// <summary>The event that issues <paramref name="key"/> to <paramref name="userName"/> of a clinic.</summary>
    public static ApiKeyIssued Issue(Guid clinicId, string key, string userName, KeyRole role = KeyRole.Admin, DateTimeOffset? expiresAt = null) =>
        new(clinicId, Hash(key), PrefixOf(key), userName.Trim(), role, expiresAt);

    /// <summary>
    /// Registers a clinic (its stream starts with ClinicRegistered) and issues a first, <c>admin</c> key to
    /// <paramref name="userName"/>. Returns the clinic id and the key, which is shown only now.
    /// </summary>
    public static async Task<(Guid ClinicId, string Key)> RegisterClinicAsync(IDocumentStore store, string name, string userName,
        string? key = null, Guid? clinicId = null, CancellationToken ct = default)
    {
        var id = clinicId ?? Guid.CreateVersion7();
        key ??= NewKey();
        await using var session = store.LightweightSession(TenantOf(id));
        session.LastModifiedBy = "cli";
        session.Events.StartStream<Clinic>(id, new ClinicRegistered(id, name.Trim()), Issue(id, key, userName, KeyRole.Admin));
        Workflows.DefaultWorkflows.StartStreams(session, id, ((store.Options as StoreOptions)?.Events.TimeProvider ?? TimeProvider.System).GetUtcNow());
        await session.SaveChangesAsync(ct);
        return (id, key);
    }

    /// <summary>
    /// Issues another key for an existing clinic (ApiKeyIssued on the clinic stream); null when the clinic does
    /// not exist. The key's prefix is unique within the clinic, so it can be revoked by prefix.
    /// </summary>
    /// <param name="store">The document store.</param>
    /// <param name="clinicId">The clinic.</param>
    /// <param name="userName">The user the key acts as (trimmed).</param>
    /// <param name="role">The key's role.</param>
    /// <param name="expiresInDays">Days until the key stops working (1–<see cref="MaxExpiresInDays"/>); null = never.</param>
    /// <param name="clock">Clock of the expiry.</param>
    /// <param name="issuedBy">Recorded as the event's user name ("cli" from the command line).</param>
    /// <param name="ct">Cancellation.</param>
    public static async Task<IssuedKey?> IssueKeyAsync(IDocumentStore store, Guid clinicId, string userName, KeyRole role,
        int? expiresInDays, TimeProvider clock, string issuedBy = "cli", CancellationToken ct = default)
    {
        await using var session = store.LightweightSession(TenantOf(clinicId));
        session.LastModifiedBy = issuedBy;
        var clinic = await session.Events.FetchForWriting<Clinic>(clinicId, ct);
        if (clinic.Aggregate is null) return null;
        var taken = (await session.Query<ApiKeyRecord>().Where(x => x.ClinicId == clinicId).Select(x => x.KeyPrefix).ToListAsync(ct)).ToHashSet();
        string key;
        do key = NewKey(); while (taken.Contains(PrefixOf(key)));
        var expiresAt = expiresInDays is { } days ? clock.GetUtcNow().AddDays(days) : (DateTimeOffset?)null;
        var issued = Issue(clinicId, key, userName, role, expiresAt);
        clinic.AppendOne(issued);
        await session.SaveChangesAsync(ct);
        return new IssuedKey(key, issued.KeyPrefix, issued.UserName, role, expiresAt);
    }

    /// <summary>The clinic's keys (revoked and expired ones too), oldest first, with when each was last used.</summary>
    public static async Task<IReadOnlyList<ApiKeyView>> ListAsync(IDocumentStore store, Guid clinicId, TimeProvider clock, CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        var records = await session.Query<ApiKeyRecord>().Where(x => x.ClinicId == clinicId).ToListAsync(ct);
        var hashes = records.Select(r => r.Id).ToArray();
        var usage = (await session.Query<ApiKeyUsage>().Where(x => x.Id.IsOneOf(hashes)).ToListAsync(ct)).ToDictionary(u => u.Id, u => (DateTimeOffset?)u.LastUsedAt);
        var now = clock.GetUtcNow();
        return records
            .OrderBy(r => r.IssuedAt ?? DateTimeOffset.MinValue).ThenBy(r => r.KeyPrefix, StringComparer.Ordinal)
            .Select(r => new ApiKeyView(r.KeyPrefix, r.UserName, r.Role, r.IssuedAt, r.ExpiresAt, usage.GetValueOrDefault(r.Id), r.RevokedAt,
                r.RevokedAt is not null ? KeyStatus.Revoked : r.IsActiveAt(now) ? KeyStatus.Active : KeyStatus.Expired))
            .ToList();
    }

    /// <summary>
    /// Revokes the clinic's key with <paramref name="prefix"/> (ApiKeyRevoked). Revoking a revoked key changes
    /// nothing. Returns the revoked record's hash, or why not.
    /// </summary>
    public static async Task<(RevokeOutcome Outcome, string? KeyHash)> RevokeAsync(IDocumentStore store, Guid clinicId, string prefix,
        string revokedBy = "cli", CancellationToken ct = default)
    {
        prefix = prefix.Trim();
        await using var session = store.LightweightSession(TenantOf(clinicId));
        session.LastModifiedBy = revokedBy;
        var matches = await session.Query<ApiKeyRecord>().Where(x => x.ClinicId == clinicId && x.KeyPrefix == prefix).ToListAsync(ct);
        if (matches.Count == 0) return (RevokeOutcome.NotFound, null);
        var active = matches.Where(m => m.RevokedAt is null).ToList();
        if (active.Count == 0) return (RevokeOutcome.AlreadyRevoked, matches[0].Id);
        if (active.Count > 1) return (RevokeOutcome.Ambiguous, null);
        var clinic = await session.Events.FetchForWriting<Clinic>(clinicId, ct);
        clinic.AppendOne(new ApiKeyRevoked(clinicId, active[0].Id, active[0].KeyPrefix));
        await session.SaveChangesAsync(ct);
        return (RevokeOutcome.Revoked, active[0].Id);
    }

    /// <summary>Finds the record of a key (active or not), or null.</summary>
    public static async Task<ApiKeyRecord?> FindAsync(IDocumentStore store, string key, CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<ApiKeyRecord>(Hash(key), ct);
    }

    /// <summary>The Marten tenant id of a clinic.</summary>
    public static string TenantOf(Guid clinicId) => clinicId.ToString();

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>A key just issued: the key itself (shown this once), its prefix, user, role and expiry (UTC, null = never).</summary>
public sealed record IssuedKey(string Key, string Prefix, string User, KeyRole Role, DateTimeOffset? ExpiresAt);

/// <summary>
/// A key as listed: prefix, user, role, issued (UTC; null for keys issued before this was recorded), expires (null =
/// never), last used (UTC, accurate to a minute; null = not used since this was recorded), revoked, and
/// status active | expired | revoked.
/// </summary>
public sealed record ApiKeyView(string Prefix, string User, KeyRole Role, DateTimeOffset? IssuedAt, DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, KeyStatus Status);

/// <summary>Where a key stands when listed (serialised snake_case).</summary>
public enum KeyStatus
{
    /// <summary>Accepted: neither revoked nor past its expiry.</summary>
    Active,
    /// <summary>Past its expiry; refused.</summary>
    Expired,
    /// <summary>Revoked; refused.</summary>
    Revoked,
}

/// <summary>Result of a revocation.</summary>
public enum RevokeOutcome
{
    /// <summary>The key was revoked now.</summary>
    Revoked,
    /// <summary>The key had been revoked before; nothing appended.</summary>
    AlreadyRevoked,
    /// <summary>No key of the clinic has that prefix.</summary>
    NotFound,
    /// <summary>Several active keys of the clinic share the prefix (only possible for keys issued before prefixes were kept unique).</summary>
    Ambiguous,
}
