using ChiroClick.Domain.Clinics;
using JasperFx.Events.Grouping;

namespace ChiroClick.Projections.Access;

/// <summary>
/// Lookup document for API keys, keyed by the key's SHA-256 hash. Stored single-tenanted (it is
/// what finds the tenant), written inline from <see cref="ApiKeyIssued"/> and <see cref="ApiKeyRevoked"/>.
/// Documents written before roles existed have no role, issue time or expiry: they read as admin keys
/// that never expire (the property defaults), issued at an unknown time (null) until a rebuild.
/// </summary>
public sealed class ApiKeyRecord
{
    /// <summary>Lower-case hex SHA-256 of the key.</summary>
    public string Id { get; set; } = "";
    /// <summary>The clinic (tenant) the key belongs to.</summary>
    public Guid ClinicId { get; set; }
    /// <summary>The user the key acts as.</summary>
    public string UserName { get; set; } = "";
    /// <summary>First characters of the key, for recognition.</summary>
    public string KeyPrefix { get; set; } = "";
    /// <summary>The key's role (admin for keys issued before roles existed).</summary>
    public KeyRole Role { get; set; } = KeyRole.Admin;
    /// <summary>When the key was issued (the event's timestamp, UTC); null for records written before this was kept.</summary>
    public DateTimeOffset? IssuedAt { get; set; }
    /// <summary>When the key stops working (UTC); null = never.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
    /// <summary>When the key was revoked (the event's timestamp, UTC); null while it is not.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>True when the key may be used at <paramref name="now"/>: not revoked, not expired.</summary>
    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || now < ExpiresAt);
}

/// <summary>Inline event projection from <see cref="ApiKeyIssued"/> / <see cref="ApiKeyRevoked"/> to <see cref="ApiKeyRecord"/>.</summary>
public sealed class ApiKeyProjection : MultiStreamProjection<ApiKeyRecord, string>
{
    /// <summary>One document per key hash.</summary>
    public ApiKeyProjection()
    {
        Identity<ApiKeyIssued>(e => e.KeyHash);
        Identity<ApiKeyRevoked>(e => e.KeyHash);
        // Events are tenanted by clinic, the lookup document is not: group across tenants.
        TenancyGrouping = TenancyGrouping.AcrossTenants;
    }

    /// <summary>Creates the lookup record.</summary>
    public static ApiKeyRecord Create(IEvent<ApiKeyIssued> e) => new()
    {
        Id = e.Data.KeyHash, ClinicId = e.Data.ClinicId, UserName = e.Data.UserName, KeyPrefix = e.Data.KeyPrefix,
        Role = e.Data.Role ?? KeyRole.Admin, IssuedAt = e.Timestamp, ExpiresAt = e.Data.ExpiresAt,
    };

    /// <summary>Marks the key revoked at the event's time.</summary>
    public static void Apply(IEvent<ApiKeyRevoked> e, ApiKeyRecord record) => record.RevokedAt ??= e.Timestamp;
}
