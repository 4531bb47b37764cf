using ChiroClick.Domain.Patients;
using ChiroClick.Domain.Workflows;

namespace ChiroClick.Api.Workflows;

/// <summary>
/// The editable workflows every clinic starts with (created with the clinic, in the same transaction, active):
/// <list type="bullet">
/// <item>check_in — after each visit, wait the clinic's check-in frequency, then a check-in message (SMS preferred, care consent);
/// a newer visit restarts the wait.</item>
/// <item>nps_after_third_visit — 3 days after the 3rd visit, the NPS survey (surveys consent).</item>
/// <item>reactivation — when a patient turns inactive, a reactivation message (marketing consent) and a follow-up task for staff.</item>
/// <item>no_show_follow_up — when a patient does not come to an appointment, an SMS offering a new time (care consent).</item>
/// <item>call_back — when an inbound call is missed, a call task "Ring tilbake &lt;name or number&gt;" due within
/// <c>Telephony:CallbackWithinMinutes</c>; an unanswered attempt brings it back after 2 hours (3 attempts); an answered call to the number closes it.</item>
/// </list>
/// Ids are UUIDv5 of the clinic id and the key, so creating them twice is impossible.
/// </summary>
public static class DefaultWorkflows
{
    /// <summary>Name of the clinic's default NPS survey (created on the first send_nps_survey step without surveyId).</summary>
    public const string DefaultSurveyName = Surveys.NpsSurveyStep.DefaultSurveyName;

    /// <summary>The default definitions: key, name, trigger, steps.</summary>
    public static IReadOnlyList<(string Key, string Name, WorkflowTrigger Trigger, IReadOnlyList<WorkflowStep> Steps)> Definitions { get; } =
    [
        ("check_in", "Oppfølging etter behandling",
            new WorkflowTrigger(WorkflowTriggerType.VisitCompleted),
            [
                new WorkflowStep(WorkflowStepType.Wait, UseCheckInFrequency: true),
                new WorkflowStep(WorkflowStepType.SendMessage, Channel: WorkflowChannel.Preferred, Purpose: ConsentPurpose.Care,
                    Subject: "Hvordan går det?",
                    Template: "Hei {firstName}! Det er en stund siden siste behandling. Hvordan går det med deg? Ta gjerne kontakt hvis du vil bestille ny time."),
            ]),
        ("nps_after_third_visit", "NPS etter tredje besøk",
            new WorkflowTrigger(WorkflowTriggerType.VisitCompleted, VisitNumber: 3),
            [
                new WorkflowStep(WorkflowStepType.Wait, Duration: "P3D"),
                new WorkflowStep(WorkflowStepType.SendNpsSurvey, Channel: WorkflowChannel.Preferred),
            ]),
        ("reactivation", "Reaktivering av inaktive pasienter",
            new WorkflowTrigger(WorkflowTriggerType.LifecycleStageChanged, LifecycleStage: LifecycleStage.Inactive),
            [
                new WorkflowStep(WorkflowStepType.SendMessage, Channel: WorkflowChannel.Preferred, Purpose: ConsentPurpose.Marketing,
                    Subject: "Vi savner deg",
                    Template: "Hei {firstName}! Vi har ikke sett deg på en stund. Har du plager igjen, er du velkommen tilbake – svar på denne meldingen eller bestill time på nett."),
                new WorkflowStep(WorkflowStepType.CreateTask, Title: "Ring {fullName} (inaktiv pasient)", DueInDays: 7),
            ]),
        ("no_show_follow_up", "Oppfølging etter uteblitt time",
            new WorkflowTrigger(WorkflowTriggerType.AppointmentNoShow),
            [
                new WorkflowStep(WorkflowStepType.SendMessage, Channel: WorkflowChannel.Sms, Purpose: ConsentPurpose.Care,
                    Subject: "Ny time?",
                    Template: "Hei {firstName}! Vi savnet deg på timen din i dag. Svar på denne meldingen eller ring oss, så finner vi en ny time som passer."),
            ]),
        ("call_back", "Ring tilbake tapte anrop",
            new WorkflowTrigger(WorkflowTriggerType.CallMissed),
            [
                new WorkflowStep(WorkflowStepType.CallTask, Title: "Ring tilbake {fullName}",
                    Script: "Hei, dette er klinikken – vi ser at du prøvde å ringe oss. Hva kan vi hjelpe deg med?", MaxAttempts: 3, RetryAfterHours: 2),
            ]),
    ];

    /// <summary>Id of a default workflow of a clinic.</summary>
    public static Guid IdOf(Guid clinicId, string key) => Import.DeterministicGuid.Create(clinicId, $"workflow:{key}");

    /// <summary>Queues (does not save) the WorkflowCreated streams of the defaults in the clinic's session; skips none (new clinic only).</summary>
    public static void StartStreams(IDocumentSession session, Guid clinicId, DateTimeOffset now)
    {
        foreach (var (key, name, trigger, steps) in Definitions)
        {
            var id = IdOf(clinicId, key);
            session.Events.StartStream<Workflow>(id, new WorkflowCreated(id, name, trigger, steps, true, key, now));
        }
    }
}
