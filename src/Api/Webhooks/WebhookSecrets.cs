using System.Security.Cryptography;
using System.Text;
using ChiroClick.Api.Access;
using ChiroClick.Domain.Clinics;
using ChiroClick.Projections.Access;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace ChiroClick.Api.Webhooks;

/// <summary>
/// The clinics' webhook signing secrets: <c>whsec_</c> + base64 of 32 random bytes (the Standard Webhooks format). The HMAC
/// check needs the secret itself, so unlike API keys it cannot be stored as a hash; it is stored protected (encrypted and
/// authenticated) with ASP.NET Core Data Protection, whose key ring lives in PostgreSQL. Losing the key ring makes the stored
/// secrets unreadable: signed webhooks are then refused (401) until <c>clinics webhook-secret &lt;id&gt; --rotate</c>.
/// </summary>
public sealed class WebhookSecrets(IDocumentStore store, IDataProtectionProvider provider)
{
    /// <summary>Prefix of every secret.</summary>
    public const string Prefix = "whsec_";

    private readonly IDataProtector protector = provider.CreateProtector("ChiroClick.Webhooks.Secret.v1");

    /// <summary>A new random secret.</summary>
    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// The clinic's secret in clear; with <paramref name="rotate"/> or when it has none yet, first issues a new one
    /// (ClinicWebhookSecretIssued on the clinic stream, which invalidates the old secret at once). Null when no clinic has that id.
    /// </summary>
    public async Task<string?> GetOrIssueAsync(Guid clinicId, bool rotate, string actor, CancellationToken ct = default)
    {
        if (!rotate && await FindAsync(clinicId, ct) is { } existing) return existing;
        await using var session = store.LightweightSession(ApiKeys.TenantOf(clinicId));
        session.LastModifiedBy = actor;
        var clinic = await session.Events.FetchForWriting<Clinic>(clinicId, ct);
        if (clinic.Aggregate is null) return null;
        var secret = NewSecret();
        clinic.AppendOne(new ClinicWebhookSecretIssued(clinicId,
            WebEncoders.Base64UrlEncode(protector.Protect(Encoding.UTF8.GetBytes(secret))), secret[..(Prefix.Length + 4)]));
        await session.SaveChangesAsync(ct);
        return secret;
    }

    /// <summary>
    /// The clinic's current secret in clear, or null when the clinic is unknown, has no secret, or its secret cannot be
    /// unprotected (key ring lost or altered) — callers answer all of these alike.
    /// </summary>
    public async Task<string?> FindAsync(Guid clinicId, CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        var record = await session.LoadAsync<WebhookSecretRecord>(clinicId, ct);
        if (record is null) return null;
        try
        {
            return Encoding.UTF8.GetString(protector.Unprotect(WebEncoders.Base64UrlDecode(record.ProtectedSecret)));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }
    }
}
