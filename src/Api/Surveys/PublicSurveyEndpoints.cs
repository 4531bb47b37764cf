using System.Net;
using ChiroClick.Domain.Surveys;
using ChiroClick.Projections.Surveys;

namespace ChiroClick.Api.Surveys;

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
        app.MapGet(SurveyLinks.Route, ShowAsync).AllowAnonymous().WithName("getSurveyPage").WithSummary("Show the survey page of a signed survey link")
          .WithDescription("The HTML page a patient opens from the survey e-mail (no API key): the question with a score 0–10 and a comment. An altered or unknown token is 400.");
        app.MapPost(SurveyLinks.Route, AnswerAsync).AllowAnonymous().DisableAntiforgery().WithName("answerSurvey").WithSummary("Answer a survey (once per link)")
          .WithDescription("Records the score 0–10 and the comment from the public survey page (SurveyResponseReceived; no API key). A link answers once: a second answer is 409; an altered or unknown token is 400.");
        return app;
    }

    private static async Task<IResult> ShowAsync(string token, SurveyLinks links, IDocumentStore store, CancellationToken ct)
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
    }

    // The answer is checked before the survey is loaded, then decided on the survey aggregate (once per link) and committed here:
    // a minimal-API endpoint outside Wolverine, with its own tenant session.
    private static async Task<IResult> AnswerAsync(string token, HttpRequest request, SurveyLinks links, IDocumentStore store, TimeProvider clock,
        CancellationToken ct)
    {
        if (links.Read(token) is not { } t) return BadLink();
        var (score, comment) = await ReadAnswerAsync(request, ct);
        if (SurveyDecisions.CheckAnswer(score, comment) is { } invalid) return Problems.From(invalid);
        await using var session = store.LightweightSession(t.ClinicId.ToString());
        session.LastModifiedBy = "patient (survey link)";
        var stream = await session.Events.FetchForWriting<Survey>(t.SurveyId, ct);
        if (stream.Aggregate is not { } survey) return BadLink();
        var decision = SurveyDecisions.Respond(survey, SurveyLinks.ResponseIdOf(t), t.PatientId, score!.Value, comment, null, clock.GetUtcNow());
        if (decision.Error is { } error) return Problems.From(error);
        stream.AppendMany(decision.Events);
        await session.SaveChangesAsync(ct);
        return Page("Takk!", "<p>Takk for svaret ditt!</p>");
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
