using System.Net;
using System.Security.Cryptography;
using ChiroClick.Domain.Campaigns;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace ChiroClick.Api.Campaigns;

/// <summary>Who an opt-out link belongs to.</summary>
/// <param name="ClinicId">Clinic (tenant).</param>
/// <param name="CampaignId">Campaign the message came from.</param>
/// <param name="PatientId">Recipient.</param>
public sealed record OptOutToken(Guid ClinicId, Guid CampaignId, Guid PatientId);

/// <summary>
/// Signed, per-recipient opt-out links <c>{Campaigns:PublicBaseUrl}/api/v1/public/optout/{token}</c>. The token is the clinic,
/// campaign and patient ids protected (encrypted and authenticated) with ASP.NET Core Data Protection, so a link can be
/// neither forged nor altered to unsubscribe someone else, and it reveals nothing. Keys live in Data Protection's key ring
/// (stored in PostgreSQL, so every node and restart shares it: <see cref="Infrastructure.MartenXmlRepository"/>); links stay valid as long as the key
/// ring keeps the key (Data Protection never deletes expired keys, it only stops creating tokens with them).
/// </summary>
public sealed class OptOutLinks(IDataProtectionProvider provider, IOptions<CampaignsOptions> options)
{
    /// <summary>Configuration key of the public base address patients reach (<see cref="CampaignsOptions.PublicBaseUrl"/>); unset = no links.</summary>
    public const string PublicBaseUrlSetting = "Campaigns:PublicBaseUrl";

    /// <summary>Route of the public opt-out page (GET shows it, POST unsubscribes; RFC 8058 one-click POSTs here).</summary>
    public const string Route = "/api/v1/public/optout/{token}";

    private readonly IDataProtector protector = provider.CreateProtector("ChiroClick.Campaigns.OptOut.v1");

    private string? BaseUrl => options.Value.LinkBase;

    /// <summary>Whether links can be made (<c>Campaigns:PublicBaseUrl</c> is set).</summary>
    public bool Enabled => BaseUrl is not null;

    /// <summary>The recipient's absolute opt-out link, or null when <see cref="Enabled"/> is false.</summary>
    public string? UrlFor(Guid clinicId, Guid campaignId, Guid patientId)
    {
        if (BaseUrl is not { } baseUrl) return null;
        var payload = new byte[48];
        clinicId.TryWriteBytes(payload.AsSpan(0, 16));
        campaignId.TryWriteBytes(payload.AsSpan(16, 16));
        patientId.TryWriteBytes(payload.AsSpan(32, 16));
        return $"{baseUrl}{Route.Replace("{token}", WebEncoders.Base64UrlEncode(protector.Protect(payload)))}";
    }

    /// <summary>The ids in <paramref name="token"/>, or null when it is malformed, altered or signed with an unknown key.</summary>
    public OptOutToken? Read(string token)
    {
        try
        {
            var payload = protector.Unprotect(WebEncoders.Base64UrlDecode(token));
            return payload.Length != 48
                ? null
                : new OptOutToken(new Guid(payload.AsSpan(0, 16)), new Guid(payload.AsSpan(16, 16)), new Guid(payload.AsSpan(32, 16)));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }
    }
}

/// <summary>
/// The public (no API key) opt-out page. GET shows a confirmation form (link scanners and previews only GET, so they never
/// unsubscribe anyone); POST — the form, or a mail client's RFC 8058 one-click — appends ConsentWithdrawn for the campaign's
/// channel and required consent (marketing by default). A bad token is a 400 problem; repeating the POST changes nothing.
/// </summary>
public static class PublicOptOutEndpoints
{
    /// <summary>Maps GET and POST <see cref="OptOutLinks.Route"/>.</summary>
    public static IEndpointRouteBuilder MapPublicOptOut(this IEndpointRouteBuilder app)
    {
        app.MapGet(OptOutLinks.Route, async (string token, OptOutLinks links, IDocumentStore store, CancellationToken ct) =>
        {
            if (links.Read(token) is not { } t) return BadLink();
            await using var session = store.QuerySession(t.ClinicId.ToString());
            if (await session.LoadAsync<Campaign>(t.CampaignId, ct) is not { } campaign) return BadLink();
            var what = campaign.Channel == CampaignChannel.Email ? "e-post" : "SMS";
            return Page("Meld deg av", $"""
                <p>Vil du ikke lenger få nyhetsbrev og tilbud på {what} fra klinikken?</p>
                <form method="post"><button type="submit">Meld meg av</button></form>
                <p><small>Du får fortsatt nødvendige beskjeder om timene dine.</small></p>
                """);
        }).AllowAnonymous().WithName("getOptOutPage").WithSummary("Show the opt-out confirmation page of a campaign message")
          .WithDescription("The HTML page a patient opens from the signed link in a campaign message (no API key). It changes nothing; " +
                           "its button posts back to the same address. An altered or unknown token is 400.");

        app.MapPost(OptOutLinks.Route, async (string token, OptOutLinks links, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
        {
            if (links.Read(token) is not { } t) return BadLink();
            await using var session = store.LightweightSession(t.ClinicId.ToString());
            session.LastModifiedBy = "patient (opt-out link)";
            if (await session.LoadAsync<Campaign>(t.CampaignId, ct) is not { } campaign) return BadLink();
            var result = await OptOutDecision.WithdrawAsync(session, campaign, t.PatientId, clock.GetUtcNow(), ct);
            if (result is null) return BadLink();
            await session.SaveChangesAsync(ct);
            return Page("Du er meldt av", "<p>Du er meldt av og får ikke flere slike meldinger fra oss.</p>");
        }).AllowAnonymous().DisableAntiforgery().WithName("confirmOptOut").WithSummary("Unsubscribe from a campaign's messages (form or RFC 8058 one-click)")
          .WithDescription("Withdraws the consent the campaign required (ConsentWithdrawn on the patient's stream) and answers an HTML " +
                           "confirmation. Mail clients call it for List-Unsubscribe-Post one-click. An altered or unknown token is 400.");
        return app;
    }

    private static IResult BadLink() => Results.Problem(statusCode: 400, title: "Invalid opt-out link",
        detail: "The link is incomplete, altered or no longer known. Contact the clinic to unsubscribe.",
        type: "https://www.rfc-editor.org/rfc/rfc9110#status.400");

    private static IResult Page(string title, string body) => Results.Content($"""
        <!doctype html><html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
        <meta name="robots" content="noindex"><title>{WebUtility.HtmlEncode(title)}</title></head>
        <body><h1>{WebUtility.HtmlEncode(title)}</h1>{body}</body></html>
        """, "text/html; charset=utf-8");
}
