using ChiroClick.Domain.Clinics;
using JasperFx.Events.Grouping;
using Marten.Events.Projections;

namespace ChiroClick.Projections.Access;

/// <summary>
/// Lookup document for API keys, keyed by the key's SHA-256 hash. Stored single-tenanted (it is
/// what finds the tenant), written inline from <see cref="ApiKeyIssued"/> events.
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
}

/// <summary>Inline event projection from <see cref="ApiKeyIssued"/> to <see cref="ApiKeyRecord"/>.</summary>
public sealed class ApiKeyProjection : MultiStreamProjection<ApiKeyRecord, string>
{
    /// <summary>One document per key hash.</summary>
    public ApiKeyProjection()
    {
        Identity<ApiKeyIssued>(e => e.KeyHash);
        // Events are tenanted by clinic, the lookup document is not: group across tenants.
        TenancyGrouping = TenancyGrouping.AcrossTenants;
    }

    /// <summary>Creates the lookup record.</summary>
    public static ApiKeyRecord Create(ApiKeyIssued e) => new()
    {
        Id = e.KeyHash, ClinicId = e.ClinicId, UserName = e.UserName, KeyPrefix = e.KeyPrefix,
    };
}
