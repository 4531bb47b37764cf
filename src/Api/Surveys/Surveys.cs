using ChiroClick.Api.Common;
using ChiroClick.Domain.Surveys;
using ChiroClick.Projections.Retention;
using ChiroClick.Projections.Surveys;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;
using ChiroClick.Api.Clinics;

namespace ChiroClick.Api.Surveys;

/// <summary>Body of <c>POST /api/v1/crm/surveys</c>.</summary>
public sealed record CreateSurvey(string? Name, string? Question = null);

/// <summary>Answer to a created survey (201).</summary>
public sealed record SurveyCreatedResponse(Guid Id, string Url) : CreationResponse(Url);

/// <summary>Body of <c>POST /api/v1/crm/surveys/{id}/send</c>: the patients it goes to and the channel (sms | email).</summary>
public sealed record SendSurvey(IReadOnlyList<Guid>? PatientIds, string Channel = "sms");

/// <summary>Body of <c>POST /api/v1/crm/surveys/{id}/responses</c>: score 0..10, optional comment, patient and time (default now).</summary>
public sealed record ReceiveSurveyResponse(int? Score, string? Comment = null, Guid? PatientId = null, DateTimeOffset? ReceivedAt = null);

/// <summary>A survey in the list: the survey's fields, with the number of responses instead of the responses.</summary>
public sealed record SurveyListItem(Guid Id, int Version, string Name, string Question, int Sent, int ResponseCount, DateTimeOffset CreatedAt);

/// <summary>NPS of one UTC calendar month ("yyyy-MM").</summary>
public sealed record NpsMonth(string Month, NpsFigures Figures);

/// <summary>NPS overall and per month (by the responses' receivedAt).</summary>
public sealed record NpsStats(NpsFigures Overall, IReadOnlyList<NpsMonth> Months);

/// <summary>
/// Surveys and NPS: create, list, send, receive responses, list responses, NPS statistics. NPS: promoters
/// score 9–10, passives 7–8, detractors 0–6; NPS = 100 × (promoters − detractors) ÷ responses (−100..100).
/// </summary>
public static class CreateSurveyEndpoint
{
    /// <summary>400 without a name.</summary>
    public static ProblemDetails Validate(CreateSurvey command) =>
        Problems.Validation(string.IsNullOrWhiteSpace(command.Name) ? new() { ["name"] = ["name is required."] } : new());

    /// <summary>Creates a survey (SurveyCreated).</summary>
    [WolverinePost("/api/v1/crm/surveys", OperationId = "createSurvey", Summary = "Create a survey (NPS question)")]
    public static (SurveyCreatedResponse, IStartStream) Create(CreateSurvey command)
    {
        var id = Guid.CreateVersion7();
        var question = string.IsNullOrWhiteSpace(command.Question)
            ? "Hvor sannsynlig er det at du vil anbefale klinikken til en venn eller kollega? (0–10)"
            : command.Question.Trim();
        return (new SurveyCreatedResponse(id, $"/api/v1/crm/surveys/{id}"),
            MartenOps.StartStream<Survey>(id, new SurveyCreated(id, command.Name!.Trim(), question)));
    }

}

/// <summary><c>GET /api/v1/crm/surveys</c>.</summary>
public static class GetSurveysEndpoint
{
    /// <summary>Surveys, newest first, paged (<c>page</c> from 1, <c>pageSize</c> 1..200, default 50), without their responses.</summary>
    [WolverineGet("/api/v1/crm/surveys", OperationId = "listSurveys", Summary = "List surveys")]
    [ProducesResponseType<Paged<SurveyListItem>>(200)]
    public static async Task<IResult> List(IQuerySession session, string? page, string? pageSize, CancellationToken ct)
    {
        if (Paging.Check(page, pageSize, out var number, out var size) is { } bad) return bad;
        var total = await session.Query<SurveySummary>().CountAsync(ct);
        // The responses stay in PostgreSQL: only the list's fields are selected.
        var items = await session.Query<SurveySummary>().OrderByDescending(x => x.CreatedAt).ThenBy(x => x.Id).Skip((number - 1) * size).Take(size)
            .Select(x => new SurveyListItem(x.Id, x.Version, x.Name, x.Question, x.Sent, x.Responses.Count, x.CreatedAt))
            .ToListAsync(ct);
        return Results.Ok(new Paged<SurveyListItem>(items, number, size, total));
    }

}

/// <summary><c>POST /api/v1/crm/surveys/{id}/send</c>.</summary>
public static class SendSurveyEndpoint
{
    /// <summary>400 without recipients or with an unknown channel.</summary>
    public static ProblemDetails Validate(SendSurvey command)
    {
        var errors = new Dictionary<string, string[]>();
        if (command.PatientIds is not { Count: > 0 }) errors.Add("patientIds", "patientIds must name at least one patient.");
        if (command.Channel is not ("sms" or "email")) errors.Add("channel", "channel is sms or email.");
        return Problems.Validation(errors);
    }

    /// <summary>
    /// Sends the question to each patient (distinct ids, in order) on the channel, where the patient exists, has the address and
    /// the surveys consent for it: by SMS "&lt;question&gt; Svar med et tall fra 0 til 10." as an SMS question (the reply router turns
    /// the answer into SurveyResponseReceived and a following text into the comment), by e-mail with a signed link to the public
    /// survey page (<c>/api/v1/public/surveys/{token}</c>, answers once). SurveySent per message sent; the others are counted as
    /// skipped. 404 for an unknown survey.
    /// </summary>
    [WolverinePost("/api/v1/crm/surveys/{id:guid}/send", OperationId = "sendSurvey", Summary = "Send a survey to patients")]
    public static async Task<(IResult, Events)> Send(SendSurvey command, [WriteAggregate] Survey survey, IDocumentSession session,
        TimeProvider clock, Campaigns.IEmailSender email, Campaigns.ISmsSender sms, Surveys.SurveyLinks links, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var events = new Events();
        var skipped = 0;
        var channel = command.Channel == "email" ? Domain.Communications.CommunicationChannel.Email : Domain.Communications.CommunicationChannel.Sms;
        foreach (var patientId in command.PatientIds!.Distinct())
        {
            var to = await Workflows.WorkflowRecipient.LoadAsync(session, patientId, null, ct);
            if (to is null || !Messaging.FrontDeskMessaging.Can(to, channel, Domain.Patients.ConsentPurpose.Surveys)) { skipped++; continue; }
            // One message per survey version and patient: a repeated request sends again only after the survey stream moved on.
            var id = Import.DeterministicGuid.Create(survey.Id, $"send:{patientId}:{survey.Version + events.Count}");
            bool sent;
            if (channel == Domain.Communications.CommunicationChannel.Sms)
                sent = await Messaging.FrontDeskMessaging.AskAsync(session, id, to, survey.Name, $"{survey.Question} Svar med et tall fra 0 til 10.",
                    $"survey:{survey.Id}", Messaging.FrontDeskMessaging.Question(Domain.Communications.SmsQuestionKind.Survey, id, to, now, surveyId: survey.Id),
                    email, sms, now, ct);
            else
            {
                if (links.UrlFor(new Surveys.SurveyToken(ClinicSettingsStore.ClinicIdOf(session), survey.Id, patientId, id)) is not { } url) { skipped++; continue; }
                sent = await Messaging.FrontDeskMessaging.SendAsync(session, id, to, channel, survey.Name,
                    $"{survey.Question}\n\nSvar her (0–10): {url}", $"survey:{survey.Id}", email, sms, now, ct);
            }
            if (sent) events.Add(new SurveySent(survey.Id, patientId, command.Channel, now));
            else skipped++;
        }
        return (Results.Ok(new { surveyId = survey.Id, sent = events.Count, skipped }), events);
    }

}

/// <summary><c>POST /api/v1/crm/surveys/{id}/responses</c>.</summary>
public static class ReceiveSurveyResponseEndpoint
{
    /// <summary>400 for a score outside 0..10 or a time in the future.</summary>
    public static ProblemDetails Validate(ReceiveSurveyResponse command, TimeProvider clock)
    {
        var errors = new Dictionary<string, string[]>();
        if (command.Score is not { } s || !Nps.IsValidScore(s)) errors.Add("score", "score is required and must be 0..10.");
        if (command.ReceivedAt is { } at && at > clock.GetUtcNow().AddMinutes(5)) errors.Add("receivedAt", "receivedAt is in the future.");
        if (command.Comment is { Length: > 4000 }) errors.Add("comment", "comment is too long.");
        return Problems.Validation(errors);
    }

    /// <summary>Records a response (SurveyResponseReceived); 404 for an unknown survey.</summary>
    [WolverinePost("/api/v1/crm/surveys/{id:guid}/responses", OperationId = "recordSurveyResponse", Summary = "Record a patient's answer (score 0–10 and comment)")]
    public static (IResult, Events) Receive(ReceiveSurveyResponse command, [WriteAggregate] Survey survey, TimeProvider clock)
    {
        var response = new SurveyResponseReceived(survey.Id, Guid.CreateVersion7(), command.PatientId, command.Score!.Value,
            string.IsNullOrWhiteSpace(command.Comment) ? null : command.Comment.Trim(), command.ReceivedAt?.ToUniversalTime() ?? clock.GetUtcNow());
        return (Results.Created($"/api/v1/crm/surveys/{survey.Id}/responses", new { id = response.ResponseId, surveyId = survey.Id }), [response]);
    }

}

/// <summary><c>GET /api/v1/crm/surveys/{id}/responses</c>.</summary>
public static class GetSurveyResponsesEndpoint
{
    /// <summary>The survey's responses in arrival order, paged (<c>page</c> from 1, <c>pageSize</c> 1..200, default 50); 404 for an unknown survey.</summary>
    [WolverineGet("/api/v1/crm/surveys/{id:guid}/responses", OperationId = "listSurveyResponses", Summary = "List the answers to a survey")]
    [ProducesResponseType<Paged<SurveyResponse>>(200)]
    public static IResult Responses([Entity] SurveySummary survey, string? page, string? pageSize)
    {
        if (Paging.Check(page, pageSize, out var number, out var size) is { } bad) return bad;
        return Results.Ok(new Paged<SurveyResponse>(survey.Responses.Skip((number - 1) * size).Take(size).ToList(), number, size, survey.Responses.Count));
    }

}

/// <summary><c>GET /api/v1/crm/surveys/nps/stats</c>.</summary>
public static class GetNpsStatsEndpoint
{
    /// <summary>
    /// NPS over all surveys (or one, <c>?surveyId=</c>), overall and per month, from the per-month
    /// <see cref="NpsMonthCounts"/> documents of the async <see cref="ClinicAnalyticsProjection"/>.
    /// </summary>
    [WolverineGet("/api/v1/crm/surveys/nps/stats", OperationId = "getNpsStats", Summary = "Get NPS (overall and per month)")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<NpsStats>(200)]
    public static async Task<IResult> Stats(IQuerySession session, string? surveyId, CancellationToken ct)
    {
        if (QueryValues.Guid(surveyId, "surveyId", out var survey) is { } bad) return bad;
        var scope = survey?.ToString() ?? "all";
        var months = await session.Query<NpsMonthCounts>().Where(x => x.Scope == scope).ToListAsync(ct);
        return Results.Ok(Of(months));
    }

    /// <summary>NPS overall and per month from per-month counts.</summary>
    public static NpsStats Of(IReadOnlyList<NpsMonthCounts> months)
    {
        var ordered = months.OrderBy(m => m.Month, StringComparer.Ordinal).ToList();
        return new(Figures(ordered.Sum(m => m.Promoters), ordered.Sum(m => m.Passives), ordered.Sum(m => m.Detractors)),
            ordered.Select(m => new NpsMonth(m.Month, Figures(m.Promoters, m.Passives, m.Detractors))).ToList());
    }

    /// <summary>NPS figures from counts, with <see cref="Nps.Of"/>'s rounding (1 decimal, null without responses).</summary>
    public static NpsFigures Figures(int promoters, int passives, int detractors)
    {
        var total = promoters + passives + detractors;
        return new NpsFigures(total, promoters, passives, detractors, total == 0 ? null : Math.Round(100.0 * (promoters - detractors) / total, 1));
    }

    /// <summary>Reference computation (tests): NPS figures of a set of responses, months from <see cref="SurveyResponse.ReceivedAt"/> (UTC).</summary>
    public static NpsStats Of(IReadOnlyList<SurveyResponse> responses) => new(
        Nps.Of(responses.Select(r => r.Score)),
        responses.GroupBy(r => r.ReceivedAt.UtcDateTime.ToString("yyyy-MM")).OrderBy(g => g.Key)
            .Select(g => new NpsMonth(g.Key, Nps.Of(g.Select(r => r.Score)))).ToList());
}
