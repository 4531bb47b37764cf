using System.Net;
using System.Security.Cryptography;
using ChiroClick.Domain.Surveys;
using ChiroClick.Projections.Surveys;
using Marten;
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
public sealed class SurveyLinks(IDataProtectionProvider provider, IConfiguration configuration)
{
    /// <summary>Route of the public survey page (GET shows the form, POST answers).</summary>
    public const string Route = "/api/v1/public/surveys/{token}";

    private readonly IDataProtector protector = provider.CreateProtector("ChiroClick.Surveys.Link.v1");

    private string? BaseUrl => configuration[Campaigns.OptOutLinks.PublicBaseUrlSetting]?.TrimEnd('/') is { Length: > 0 } url ? url : null;

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


/// <summary>
/// The public survey page (no API key). GET shows the question with a 0–10 form; POST (form fields or a JSON object
/// <c>{score, comment}</c>) records SurveyResponseReceived once per link: a second answer is 409, a bad token 400, a score outside
/// 0..10 400. The answer's id is derived from the send, checked inside the same transaction that records it.
/// </summary>
public static class PublicSurveyEndpoints
{
    /// <summary>Maps GET and POST <see cref="SurveyLinks.Route"/>.</summary>
    public static IEndpointRouteBuilder MapPublicSurveys(this IEndpointRouteBuilder app)
    {
        app.MapGet(SurveyLinks.Route, async (string token, SurveyLinks links, IDocumentStore store, CancellationToken ct) =>
        {
            if (links.Read(token) is not { } t) return BadLink();
            await using var session = store.QuerySession(t.ClinicId.ToString());
            if (await session.LoadAsync<SurveySummary>(t.SurveyId, ct) is not { } survey) return BadLink();
            if (survey.Responses.Any(r => r.ResponseId == SurveyLinks.ResponseIdOf(t))) return Page("Takk!", "<p>Du har allerede svart. Takk!</p>");
            var options = string.Join("", Enumerable.Range(0, 11).Select(i => $"""<label><input type="radio" name="score" value="{i}" required>{i}</label> """));
            return Page("Spørreundersøkelse", $"""
                <form method="post"><p>{WebUtility.HtmlEncode(survey.Question)}</p><p>{options}</p>
                <p><label>Kommentar<br><textarea name="comment" maxlength="4000"></textarea></label></p>
                <button type="submit">Send svar</button></form>
                """);
        }).AllowAnonymous().WithName("getSurveyPage").WithSummary("Show the survey page of a signed survey link")
          .WithDescription("The HTML page a patient opens from the survey e-mail (no API key): the question with a score 0–10 and a comment. An altered or unknown token is 400.");

        app.MapPost(SurveyLinks.Route, async (string token, HttpRequest request, SurveyLinks links, IDocumentStore store, TimeProvider clock,
            CancellationToken ct) =>
        {
            if (links.Read(token) is not { } t) return BadLink();
            var (score, comment) = await ReadAnswerAsync(request, ct);
            if (score is not { } s || !Nps.IsValidScore(s))
                return Results.Problem(statusCode: 400, title: "Invalid request", detail: "score must be a whole number 0..10.",
                    type: "https://www.rfc-editor.org/rfc/rfc9110#status.400");
            if (comment is { Length: > 4000 })
                return Results.Problem(statusCode: 400, title: "Invalid request", detail: "comment is at most 4000 characters.",
                    type: "https://www.rfc-editor.org/rfc/rfc9110#status.400");
            await using var session = store.LightweightSession(t.ClinicId.ToString());
            session.LastModifiedBy = "patient (survey link)";
            var stream = await session.Events.FetchForWriting<Survey>(t.SurveyId, ct);
            if (stream.Aggregate is null) return BadLink();
            var responseId = SurveyLinks.ResponseIdOf(t);
            var summary = await session.LoadAsync<SurveySummary>(t.SurveyId, ct);
            if (summary?.Responses.Any(r => r.ResponseId == responseId) == true)
                return Results.Problem(statusCode: 409, title: "Already answered", detail: "This survey link has already been answered.",
                    type: "https://www.rfc-editor.org/rfc/rfc9110#status.409");
            stream.AppendOne(new SurveyResponseReceived(t.SurveyId, responseId, t.PatientId, s,
                string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), clock.GetUtcNow()));
            await session.SaveChangesAsync(ct);
            return Page("Takk!", "<p>Takk for svaret ditt!</p>");
        }).AllowAnonymous().DisableAntiforgery().WithName("answerSurvey").WithSummary("Answer a survey (once per link)")
          .WithDescription("Records the score 0–10 and the comment from the public survey page (SurveyResponseReceived; no API key). A link answers once: a second answer is 409; an altered or unknown token is 400.");
        return app;
    }

    private static async Task<(int? Score, string? Comment)> ReadAnswerAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(ct);
                return (int.TryParse(form["score"], out var v) ? v : null, form["comment"].ToString());
            }
            using var doc = await System.Text.Json.JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            if (doc.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object) return (null, null);
            int? score = doc.RootElement.TryGetProperty("score", out var sc) && sc.ValueKind == System.Text.Json.JsonValueKind.Number &&
                         sc.TryGetInt32(out var n) ? n : null;
            string? comment = doc.RootElement.TryGetProperty("comment", out var c) && c.ValueKind == System.Text.Json.JsonValueKind.String
                ? c.GetString() : null;
            return (score, comment);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidDataException or IOException or BadHttpRequestException)
        {
            return (null, null);
        }
    }

    private static IResult BadLink() => Results.Problem(statusCode: 400, title: "Invalid survey link",
        detail: "The link is incomplete, altered or no longer known.", type: "https://www.rfc-editor.org/rfc/rfc9110#status.400");

    private static IResult Page(string title, string body) => Results.Content($"""
        <!doctype html><html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
        <meta name="robots" content="noindex"><title>{WebUtility.HtmlEncode(title)}</title></head>
        <body><h1>{WebUtility.HtmlEncode(title)}</h1>{body}</body></html>
        """, "text/html; charset=utf-8");
}
