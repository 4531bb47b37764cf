using ChiroClick.Domain.Clinics;
using JasperFx.Events.Grouping;

namespace ChiroClick.Projections.Access;

/// <summary>
/// The clinic's current webhook signing secret (still protected with Data Protection), keyed by clinic id. Stored
/// single-tenanted: a signed webhook names its clinic in the route, and the tenant may be trusted only after the signature
/// has been verified with this record.
/// </summary>
public sealed class WebhookSecretRecord
{
    /// <summary>Clinic id.</summary>
    public Guid Id { get; set; }
    /// <summary>The <c>whsec_…</c> secret protected with Data Protection (see <see cref="ClinicWebhookSecretIssued"/>).</summary>
    public string ProtectedSecret { get; set; } = "";
    /// <summary>First characters of the secret.</summary>
    public string SecretPrefix { get; set; } = "";
}

/// <summary>Inline projection of <see cref="ClinicWebhookSecretIssued"/>: the latest secret wins.</summary>
public sealed class WebhookSecretProjection : MultiStreamProjection<WebhookSecretRecord, Guid>
{
    /// <summary>One document per clinic.</summary>
    public WebhookSecretProjection()
    {
        Identity<ClinicWebhookSecretIssued>(e => e.ClinicId);
        // Events are tenanted by clinic, the lookup document is not: group across tenants.
        TenancyGrouping = TenancyGrouping.AcrossTenants;
    }

    /// <summary>First secret of a clinic.</summary>
    public static WebhookSecretRecord Create(ClinicWebhookSecretIssued e) =>
        new() { Id = e.ClinicId, ProtectedSecret = e.ProtectedSecret, SecretPrefix = e.SecretPrefix };

    /// <summary>A rotation replaces the secret.</summary>
    public static WebhookSecretRecord Apply(ClinicWebhookSecretIssued e, WebhookSecretRecord current) =>
        new() { Id = current.Id, ProtectedSecret = e.ProtectedSecret, SecretPrefix = e.SecretPrefix };
}
