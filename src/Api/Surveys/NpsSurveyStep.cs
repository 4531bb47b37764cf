using ChiroClick.Api.Messaging;
using ChiroClick.Api.Workflows;
using ChiroClick.Domain.Communications;
using ChiroClick.Domain.Patients;
using ChiroClick.Domain.Surveys;
using ChiroClick.Domain.Workflows;

namespace ChiroClick.Api.Surveys;

/// <summary>
/// send_nps_survey: sends the step's survey (or the clinic's default NPS survey) to the run's patient on the step's channel with
/// the surveys consent ("Hei {firstName}! {question} Svar med et tall fra 0 til 10.") and records SurveySent on the survey's
/// stream; fails when the patient, the consent or an explicit survey is missing.
/// </summary>
public sealed class NpsSurveyStep(IEmailSender email, ISmsSender sms) : IWorkflowStep
{
    /// <summary>Name of the clinic's default NPS survey (created on the first send_nps_survey step without surveyId).</summary>
    public const string DefaultSurveyName = "NPS etter behandling";

    /// <inheritdoc />
    public WorkflowStepType Type => WorkflowStepType.SendNpsSurvey;

    /// <inheritdoc />
    public async Task<WorkflowStepOutcome> RunAsync(WorkflowStepContext c, CancellationToken ct)
    {
        var to = await MessageRecipient.LoadAsync(c.Session, c.Run.PatientId, c.Run.LeadId, ct);
        if (to?.PatientId is not { } patientId) return WorkflowStepOutcome.Failed("the patient no longer exists");
        var (channel, why) = to.ChannelFor(c.Step.Channel ?? WorkflowChannel.Preferred, ConsentPurpose.Surveys);
        if (channel is null) return WorkflowStepOutcome.Failed(why!);
        if (await SurveyForAsync(c.Session, c.Step.SurveyId, ct) is not var (survey, started))
            return WorkflowStepOutcome.Failed($"survey {c.Step.SurveyId} does not exist");
        var body = $"Hei {to.FirstName}! {survey.Question} Svar med et tall fra 0 til 10.";
        var sent = await SendMessageStep.SendAsync(c, to, channel.Value, survey.Name, body, email, sms, ct);
        if (sent.Kind == WorkflowStepOutcomeKind.Done && sent.CommunicationId is not null)
        {
            var surveySent = new SurveySent(survey.Id, patientId, channel == CommunicationChannel.Sms ? "sms" : "email", c.Now);
            // A survey started in this session takes the event into its new stream; an existing one is appended at its version.
            if (started) c.Session.Events.Append(survey.Id, surveySent);
            else (await c.Session.Events.FetchForWriting<Survey>(survey.Id, ct)).AppendOne(surveySent);
        }
        return sent;
    }

    /// <summary>
    /// The survey a send_nps_survey step sends: <paramref name="surveyId"/>, or the clinic's default NPS survey, started in the
    /// session when it does not exist yet (id = UUIDv5 of the clinic; <c>Started</c> is then true). Null when an explicit id is unknown.
    /// </summary>
    public static async Task<(Survey Survey, bool Started)?> SurveyForAsync(IDocumentSession session, Guid? surveyId, CancellationToken ct)
    {
        if (surveyId is { } explicitId)
            return await session.Events.AggregateStreamAsync<Survey>(explicitId, token: ct) is { } s ? (s, false) : null;
        var id = Import.DeterministicGuid.Create(Clinics.ClinicSettingsStore.ClinicIdOf(session), "survey:default-nps");
        var existing = await session.Events.AggregateStreamAsync<Survey>(id, token: ct);
        if (existing is not null) return (existing, false);
        var created = new SurveyCreated(id, DefaultSurveyName,
            "Hvor sannsynlig er det at du vil anbefale klinikken til en venn eller kollega? (0–10)");
        session.Events.StartStream<Survey>(id, created);
        return (Survey.Create(created), true);
    }
}
