using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using ChiroClick.Api.Access;
using Microsoft.AspNetCore.Authentication;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace ChiroClick.Api.Webhooks;

/// <summary>
/// Authenticates provider callbacks on <c>/api/v1/webhooks/{clinicId}/…</c> by their Standard Webhooks signature instead of an
/// API key: headers <c>webhook-id</c>, <c>webhook-timestamp</c> (Unix seconds, at most <see cref="Tolerance"/> off the clock)
/// and <c>webhook-signature</c> (<c>v1,&lt;base64 HMAC-SHA256 of "id.timestamp.body"&gt;</c>, several separated by spaces) checked
/// with the clinic's secret by the <c>StandardWebhooks</c> package. Only a verified request gets a principal, and only that
/// principal carries the route's clinic as <see cref="ApiKeyAuthentication.ClinicClaim"/>: the Marten tenant is never taken
/// from an unverified route. Every failure is a 401 problem; an unknown clinic looks exactly like a bad signature.
/// </summary>
public sealed class WebhookSignatureAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    WebhookSecrets secrets,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>Authentication scheme name.</summary>
    public const string SchemeName = "StandardWebhooks";

    /// <summary>Claim holding the verified <c>webhook-id</c> (the dedupe key).</summary>
    public const string WebhookIdClaim = "webhook_id";

    /// <summary>User name recorded on the events a signed webhook appends.</summary>
    public const string UserName = "webhook";

    /// <summary>How far <c>webhook-timestamp</c> may be from the clock, either way (replay window).</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>Longest <c>webhook-id</c> accepted.</summary>
    public const int MaxIdLength = 200;

    private const string BadSignature = "The webhook-signature does not verify with this clinic's webhook secret.";

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var id = Request.Headers["webhook-id"].ToString();
        var timestamp = Request.Headers["webhook-timestamp"].ToString();
        if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(timestamp) || string.IsNullOrWhiteSpace(Request.Headers["webhook-signature"]))
            return AuthenticateResult.Fail("Send the Standard Webhooks headers webhook-id, webhook-timestamp and webhook-signature.");
        if (id.Length > MaxIdLength) return AuthenticateResult.Fail($"webhook-id is longer than {MaxIdLength} characters.");
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253402300799)
            return AuthenticateResult.Fail("webhook-timestamp must be Unix time in seconds.");
        if ((clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance)
            return AuthenticateResult.Fail($"webhook-timestamp is more than {Tolerance.TotalMinutes:0} minutes off the server's clock.");

        if (Request.RouteValues["clinicId"]?.ToString() is not { } route || !Guid.TryParse(route, out var clinicId))
            return AuthenticateResult.Fail(BadSignature);
        var secret = await secrets.FindAsync(clinicId, Context.RequestAborted);
        if (secret is null) return AuthenticateResult.Fail(BadSignature);

        // The signature covers the exact bytes sent, so read them as they are and rewind for the endpoint's JSON binding.
        Request.EnableBuffering();
        string body;
        using (var reader = new StreamReader(Request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true))
            body = await reader.ReadToEndAsync(Context.RequestAborted);
        Request.Body.Position = 0;
        try
        {
            new StandardWebhook(secret).Verify(body, Request.Headers);
        }
        catch (Exception ex) when (ex is WebhookVerificationException or FormatException)
        {
            return AuthenticateResult.Fail(BadSignature);
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, UserName),
            new Claim(ApiKeyAuthentication.ClinicClaim, ApiKeys.TenantOf(clinicId)),
            new Claim(WebhookIdClaim, id),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        await Problems.WriteUnauthorizedAsync(Response, $"{SchemeName} headers=\"webhook-id webhook-timestamp webhook-signature\"",
            result.Failure?.Message ?? BadSignature);
    }
}
