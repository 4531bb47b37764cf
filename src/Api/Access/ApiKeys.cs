using System.Security.Cryptography;
using System.Text;
using ChiroClick.Domain.Clinics;
using ChiroClick.Projections.Access;
using Marten;

namespace ChiroClick.Api.Access;

/// <summary>
/// API keys: 32 random bytes, base64url, prefixed "cc_" (47 characters). Keys carry 256 bits of
/// entropy, so a plain SHA-256 (FIPS 180-4) is the right storage hash: a slow password hash would add
/// nothing against guessing and cost every request.
/// </summary>
public static class ApiKeys
{
    /// <summary>Header every request carries.</summary>
    public const string Header = "X-Api-Key";

    /// <summary>Creates a new random key.</summary>
    public static string NewKey() => "cc_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>Lower-case hex SHA-256 of the key's UTF-8 bytes.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The event that issues <paramref name="key"/> to <paramref name="userName"/> of a clinic.</summary>
    public static ApiKeyIssued Issue(Guid clinicId, string key, string userName) =>
        new(clinicId, Hash(key), key[..Math.Min(8, key.Length)], userName.Trim());

    /// <summary>
    /// Registers a clinic (its stream starts with ClinicRegistered) and issues a first key to
    /// <paramref name="userName"/>. Returns the clinic id and the key, which is shown only now.
    /// </summary>
    public static async Task<(Guid ClinicId, string Key)> RegisterClinicAsync(IDocumentStore store, string name, string userName,
        string? key = null, Guid? clinicId = null, CancellationToken ct = default)
    {
        var id = clinicId ?? Guid.CreateVersion7();
        key ??= NewKey();
        await using var session = store.LightweightSession(TenantOf(id));
        session.LastModifiedBy = "cli";
        session.Events.StartStream<Clinic>(id, new ClinicRegistered(id, name.Trim()), Issue(id, key, userName));
        Workflows.DefaultWorkflows.StartStreams(session, id, ((store.Options as StoreOptions)?.Events.TimeProvider ?? TimeProvider.System).GetUtcNow());
        await session.SaveChangesAsync(ct);
        return (id, key);
    }

    /// <summary>Issues another key for an existing clinic; null when the clinic does not exist.</summary>
    public static async Task<string?> IssueKeyAsync(IDocumentStore store, Guid clinicId, string userName, CancellationToken ct = default)
    {
        await using var session = store.LightweightSession(TenantOf(clinicId));
        session.LastModifiedBy = "cli";
        var clinic = await session.Events.FetchForWriting<Clinic>(clinicId, ct);
        if (clinic.Aggregate is null) return null;
        var key = NewKey();
        clinic.AppendOne(Issue(clinicId, key, userName));
        await session.SaveChangesAsync(ct);
        return key;
    }

    /// <summary>Finds the clinic and user of a key, or null.</summary>
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
