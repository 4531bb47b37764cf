using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using ChiroClick.Api.Infrastructure;

namespace ChiroClick.Api.Access;

/// <summary>
/// Authenticates requests by the <c>X-Api-Key</c> header. The principal's name is the key's user, its
/// <see cref="ClinicClaim"/> is the clinic, which Wolverine uses as the Marten tenant, and its
/// <see cref="ClaimTypes.Role"/> is the key's role (snake_case). No, an unknown, a revoked or an expired key
/// → 401 problem details.
/// </summary>
/// <remarks>
/// Look-ups are cached for <see cref="CacheLifetime"/> only, so a revocation by another node or by the CLI takes
/// effect within a second (a revocation through this node's API also evicts the entry at once). Expiry is checked
/// on every request against the injected clock, cached or not.
/// </remarks>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDocumentStore store,
    IMemoryCache cache,
    TimeProvider clock,
    ApiKeyUsageTracker usage) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>How long a key look-up is reused: the upper bound on how late a revocation elsewhere is seen.</summary>
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromMilliseconds(500);

    /// <summary>The cache entry of a key hash (evicted on revocation).</summary>
    public static string CacheKey(string keyHash) => "apikey:" + keyHash;

    /// <summary>Authentication scheme name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>Claim type holding the clinic (tenant) id.</summary>
    public const string ClinicClaim = "clinic_id";

    /// <summary>The clinic id of a principal this scheme authenticated (its <see cref="ClinicClaim"/>).</summary>
    public static Guid ClinicOf(ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(ClinicClaim)!);

    /// <summary>Claim type holding the first characters of the key used.</summary>
    public const string KeyPrefixClaim = "api_key_prefix";

    private const string UnknownKey = "Unknown API key.";
    private const string InactiveKey = "Revoked or expired API key.";

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeys.Header, out var values) || string.IsNullOrWhiteSpace(values.ToString()))
            return AuthenticateResult.NoResult();

        var key = values.ToString().Trim();
        var hash = ApiKeys.Hash(key);
        var record = await cache.GetOrCreateAsync(CacheKey(hash), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheLifetime;
            return await ApiKeys.FindAsync(store, key, Context.RequestAborted);
        });
        if (record is null)
        {
            cache.Remove(CacheKey(hash));
            return AuthenticateResult.Fail(UnknownKey);
        }
        var now = clock.GetUtcNow();
        if (!record.IsActiveAt(now)) return AuthenticateResult.Fail(InactiveKey);
        await usage.TouchAsync(hash, now, Context.RequestAborted);

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, record.UserName),
            new Claim(ClinicClaim, ApiKeys.TenantOf(record.ClinicId)),
            new Claim(KeyPrefixClaim, record.KeyPrefix),
            new Claim(ClaimTypes.Role, ChiroJson.Wire(record.Role)),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        await Problems.WriteUnauthorizedAsync(Response, $"{SchemeName} header=\"{ApiKeys.Header}\"",
            result.Failure?.Message == InactiveKey
                ? $"The API key in the {ApiKeys.Header} header has been revoked or has expired. Ask the clinic's admin for a new one."
                : result.Failure is not null
                ? $"The {ApiKeys.Header} header holds an unknown API key."
                : $"Send an API key in the {ApiKeys.Header} header. Create one with: dotnet run --project src/Api -- clinics add \"<clinic name>\"");
    }
}
