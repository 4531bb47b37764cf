using System.Security.Claims;
using System.Text.Encodings.Web;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ChiroClick.Api.Access;

/// <summary>
/// Authenticates requests by the <c>X-Api-Key</c> header. The principal's name is the key's user and
/// its <see cref="ClinicClaim"/> is the clinic, which Wolverine uses as the Marten tenant. No or an
/// unknown key → 401 problem details. Successful look-ups are cached for a minute.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDocumentStore store,
    IMemoryCache cache) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>Authentication scheme name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>Claim type holding the clinic (tenant) id.</summary>
    public const string ClinicClaim = "clinic_id";

    /// <summary>Claim type holding the first characters of the key used.</summary>
    public const string KeyPrefixClaim = "api_key_prefix";

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeys.Header, out var values) || string.IsNullOrWhiteSpace(values.ToString()))
            return AuthenticateResult.NoResult();

        var key = values.ToString().Trim();
        var hash = ApiKeys.Hash(key);
        var record = await cache.GetOrCreateAsync("apikey:" + hash, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            return await ApiKeys.FindAsync(store, key, Context.RequestAborted);
        });
        if (record is null)
        {
            cache.Remove("apikey:" + hash);
            return AuthenticateResult.Fail("Unknown API key.");
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, record.UserName),
            new Claim(ClinicClaim, ApiKeys.TenantOf(record.ClinicId)),
            new Claim(KeyPrefixClaim, record.KeyPrefix),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{ApiKeys.Header}\"";
        await Response.WriteAsJsonAsync(new ProblemDetails
        {
            Status = 401,
            Title = "Unauthorized",
            Type = "https://www.rfc-editor.org/rfc/rfc9110#status.401",
            Detail = result.Failure is not null
                ? $"The {ApiKeys.Header} header holds an unknown API key."
                : $"Send an API key in the {ApiKeys.Header} header. Create one with: dotnet run --project src/Api -- clinics add \"<clinic name>\"",
        }, options: null, contentType: "application/problem+json");
    }
}

/// <summary>Registration of API-key authentication.</summary>
public static class AccessConfiguration
{
    /// <summary>Adds the API-key scheme as default and an authorisation policy requiring it.</summary>
    public static IServiceCollection AddChiroClickAccess(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        services.AddAuthorization();
        return services;
    }
}
