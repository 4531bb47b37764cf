namespace ChiroClick.Domain.Clinics;

/// <summary>A clinic (= a tenant) was registered. The clinic stream id is the tenant id.</summary>
/// <param name="ClinicId">Clinic id; its string form ("N" format) is the Marten tenant id.</param>
/// <param name="Name">Display name, e.g. "Kiropraktor Nord AS".</param>
public sealed record ClinicRegistered(Guid ClinicId, string Name);

/// <summary>
/// An API key was issued to a user of the clinic. Only the SHA-256 hash of the key is stored; the key
/// itself is shown once, when it is issued.
/// </summary>
/// <param name="ClinicId">Clinic the key belongs to.</param>
/// <param name="KeyHash">Lower-case hex SHA-256 of the key's UTF-8 bytes (64 characters).</param>
/// <param name="KeyPrefix">First characters of the key, to recognise it in lists without revealing it.</param>
/// <param name="UserName">User the key acts as; recorded on every event appended with it.</param>
/// <param name="Role">What the key may do; null in events written before roles existed, which means <see cref="KeyRole.Admin"/>.</param>
/// <param name="ExpiresAt">When the key stops working (UTC); null = never.</param>
public sealed record ApiKeyIssued(Guid ClinicId, string KeyHash, string KeyPrefix, string UserName,
    KeyRole? Role = null, DateTimeOffset? ExpiresAt = null);

/// <summary>An API key was revoked: from now on it is refused (401). Appended to the clinic stream.</summary>
/// <param name="ClinicId">Clinic the key belongs to.</param>
/// <param name="KeyHash">Lower-case hex SHA-256 of the key (identifies it).</param>
/// <param name="KeyPrefix">The key's prefix, as listed.</param>
public sealed record ApiKeyRevoked(Guid ClinicId, string KeyHash, string KeyPrefix);

/// <summary>
/// A new webhook signing secret (Standard Webhooks, <c>whsec_…</c>) was issued for the clinic's provider callbacks; it replaces
/// any earlier one at once. The secret itself is never stored in clear: HMAC verification needs the secret back (a hash would
/// not do), so the event carries it encrypted and authenticated with ASP.NET Core Data Protection (purpose
/// <c>ChiroClick.Webhooks.Secret.v1</c>, key ring in PostgreSQL). Readers of the event store (auditors) see only ciphertext.
/// </summary>
/// <param name="ClinicId">Clinic the secret belongs to.</param>
/// <param name="ProtectedSecret">The <c>whsec_…</c> secret protected with Data Protection, base64url.</param>
/// <param name="SecretPrefix">First characters of the secret (<c>whsec_</c> + 4), to recognise it without revealing it.</param>
public sealed record ClinicWebhookSecretIssued(Guid ClinicId, string ProtectedSecret, string SecretPrefix);
