using ChiroClick.Api.Clinics;
using ChiroClick.Api.Messaging;
using ChiroClick.Domain.Communications;
using ChiroClick.Domain.Surveys;

namespace ChiroClick.Api.Surveys;

/// <summary>Body of <c>POST /api/v1/crm/surveys/{id}/send</c>: the patients it goes to and the channel (sms | email).</summary>
public sealed record SendSurvey(IReadOnlyList<Guid>? PatientIds, string Channel = "sms");

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
        TimeProvider clock, IEmailSender email, ISmsSender sms, SurveyLinks links, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var events = new Events();
        var skipped = 0;
        var channel = command.Channel == "email" ? CommunicationChannel.Email : CommunicationChannel.Sms;
        foreach (var patientId in command.PatientIds!.Distinct())
        {
            // One message per survey version and patient: a repeated request sends again only after the survey stream moved on.
            var id = Import.DeterministicGuid.Create(survey.Id, $"send:{patientId}:{survey.Version + events.Count}");
            if (await SendOneAsync(session, survey, patientId, id, channel, links, email, sms, now, ct))
                events.Add(new SurveySent(survey.Id, patientId, command.Channel, now));
            else skipped++;
        }
        return (Results.Ok(new { surveyId = survey.Id, sent = events.Count, skipped }), events);
    }

    // False when the patient is unknown, lacks the address or the surveys consent, no link can be made, or sending failed.
    private static async Task<bool> SendOneAsync(IDocumentSession session, Survey survey, Guid patientId, Guid id, CommunicationChannel channel,
        SurveyLinks links, IEmailSender email, ISmsSender sms, DateTimeOffset now, CancellationToken ct)
    {
        var to = await MessageRecipient.LoadAsync(session, patientId, null, ct);
        if (to is null || !to.Can(channel, Domain.Patients.ConsentPurpose.Surveys)) return false;
        if (channel == CommunicationChannel.Sms)
            return await OutboundMessaging.AskAsync(session, id, to, survey.Name, $"{survey.Question} Svar med et tall fra 0 til 10.",
                $"survey:{survey.Id}", OutboundMessaging.Question(SmsQuestionKind.Survey, id, to, now, surveyId: survey.Id), email, sms, now, ct);
        if (links.UrlFor(new SurveyToken(ClinicSettingsStore.ClinicIdOf(session), survey.Id, patientId, id)) is not { } url) return false;
        return await OutboundMessaging.SendAsync(session, id, to, channel, survey.Name,
            $"{survey.Question}\n\nSvar her (0–10): {url}", $"survey:{survey.Id}", email, sms, now, ct);
    }
}
