using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace ChiroClick.Api.Surveys;

/// <summary>Who a survey link belongs to.</summary>
/// <param name="ClinicId">Clinic (tenant).</param>
/// <param name="SurveyId">Survey.</param>
/// <param name="PatientId">Recipient.</param>
/// <param name="SendId">The send (its communication id); the answer's id is derived from it, so a link answers once.</param>
public sealed record SurveyToken(Guid ClinicId, Guid SurveyId, Guid PatientId, Guid SendId);

/// <summary>
/// Signed survey links <c>{Campaigns:PublicBaseUrl}/api/v1/public/surveys/{token}</c>: the ids protected (encrypted and
/// authenticated) with ASP.NET Core Data Protection, like the opt-out links, so a link can be neither forged nor altered and
/// reveals nothing.
/// </summary>
public sealed class SurveyLinks(IDataProtectionProvider provider, IOptions<Campaigns.CampaignsOptions> options)
{
    /// <summary>Route of the public survey page (GET shows the form, POST answers).</summary>
    public const string Route = "/api/v1/public/surveys/{token}";

    private readonly IDataProtector protector = provider.CreateProtector("ChiroClick.Surveys.Link.v1");

    private string? BaseUrl => options.Value.LinkBase;

    /// <summary>The absolute link, or null while <c>Campaigns:PublicBaseUrl</c> is unset.</summary>
    public string? UrlFor(SurveyToken t)
    {
        if (BaseUrl is not { } baseUrl) return null;
        var payload = new byte[64];
        t.ClinicId.TryWriteBytes(payload.AsSpan(0, 16));
        t.SurveyId.TryWriteBytes(payload.AsSpan(16, 16));
        t.PatientId.TryWriteBytes(payload.AsSpan(32, 16));
        t.SendId.TryWriteBytes(payload.AsSpan(48, 16));
        return $"{baseUrl}{Route.Replace("{token}", WebEncoders.Base64UrlEncode(protector.Protect(payload)))}";
    }

    /// <summary>The ids in <paramref name="token"/>, or null when malformed, altered or signed with an unknown key.</summary>
    public SurveyToken? Read(string token)
    {
        try
        {
            var p = protector.Unprotect(WebEncoders.Base64UrlDecode(token));
            return p.Length != 64 ? null
                : new SurveyToken(new Guid(p.AsSpan(0, 16)), new Guid(p.AsSpan(16, 16)), new Guid(p.AsSpan(32, 16)), new Guid(p.AsSpan(48, 16)));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The response id a link's answer gets (one per send: a second answer finds it recorded).</summary>
    public static Guid ResponseIdOf(SurveyToken t) => Import.DeterministicGuid.Create(t.SendId, "public-response");
}
