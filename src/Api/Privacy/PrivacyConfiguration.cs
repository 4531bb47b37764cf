using ChiroClick.Domain.Ai;
using ChiroClick.Domain.Appointments;
using ChiroClick.Domain.Assistant;
using ChiroClick.Domain.Consultations;
using ChiroClick.Domain.Campaigns;
using ChiroClick.Domain.Communications;
using ChiroClick.Domain.Leads;
using ChiroClick.Domain.Patients;
using ChiroClick.Domain.Privacy;
using ChiroClick.Domain.Referrals;
using ChiroClick.Domain.Surveys;
using ChiroClick.Domain.Waitlist;
using ChiroClick.Domain.Workflows;

namespace ChiroClick.Api.Privacy;

/// <summary>
/// Privacy module: Marten masking rules for every event type that carries personal data, the erasure stream, the
/// erasure queue, options and the retention schedule.
/// </summary>
public static class PrivacyConfiguration
{
    /// <summary>Local queue erasures are processed on, one at a time.</summary>
    public const string Queue = "privacy";

    /// <summary>
    /// Registers the erasure aggregate and the masking rules. Each rule replaces the personal fields with the fixed
    /// <see cref="Masked.Text"/> or null, never with anything derived from the original; ids, stages, scores, times
    /// and counts stay, so aggregates keep counting the subject. Lost reasons stay too: they are the clinic's own
    /// categories ("price", "no answer") and the pipeline counts them.
    /// </summary>
    public static void ConfigurePrivacy(this StoreOptions opts)
    {
        opts.AddInlineSnapshot<Erasure>();
        opts.Events.AddEventTypes([typeof(ErasureRequested), typeof(ErasureTargetsFound), typeof(ErasureCompleted),
            typeof(ErasureRefused), typeof(PersonalDataErased), typeof(RetentionRunCompleted)]);

        var events = opts.Events;
        const string x = Masked.Text;
        // Leads
        events.AddMaskingRuleForProtectedInformation<LeadCaptured>(e => e with { FullName = x, Phone = null, Email = null, Complaint = x });
        events.AddMaskingRuleForProtectedInformation<LeadDetailsUpdated>(e => e with { FullName = x, Phone = null, Email = null, Complaint = x });
        events.AddMaskingRuleForProtectedInformation<LeadStageChanged>(e => e.Reason is null ? e : e with { Reason = x });
        // Patients
        events.AddMaskingRuleForProtectedInformation<PatientRegistered>(e => e with
        {
            FullName = x, BirthDate = null, NationalIdentityNumber = null, Phone = null, Email = null, Address = null, ExternalId = null,
        });
        events.AddMaskingRuleForProtectedInformation<PatientDetailsUpdated>(e => e with
        {
            FullName = x, BirthDate = null, NationalIdentityNumber = null, Phone = null, Email = null, Address = null,
        });
        events.AddMaskingRuleForProtectedInformation<VisitCompleted>(e => e with { Treatment = e.Treatment is null ? null : x, ExternalId = null });
        // Communications, AI suggestions, referrals
        events.AddMaskingRuleForProtectedInformation<CommunicationLogged>(e => e with { Subject = x, Body = e.Body is null ? null : x });
        events.AddMaskingRuleForProtectedInformation<AiSuggestionGenerated>(e => e with { UserPrompt = x, Output = x });
        events.AddMaskingRuleForProtectedInformation<AiSuggestionModified>(e => e with { Correction = x });
        events.AddMaskingRuleForProtectedInformation<AiSuggestionRejected>(e => e with { Reason = x, Correction = e.Correction is null ? null : x });
        events.AddMaskingRuleForProtectedInformation<ReferralRecorded>(e => e with { Note = e.Note is null ? null : x });
        // Surveys, waitlist
        events.AddMaskingRuleForProtectedInformation<SurveyResponseReceived>(e => e with { Comment = e.Comment is null ? null : x });
        events.AddMaskingRuleForProtectedInformation<SurveyResponseCommented>(e => e with { Comment = x });
        events.AddMaskingRuleForProtectedInformation<WaitlistEntryAdded>(e => e with { Note = e.Note is null ? null : x });
        events.AddMaskingRuleForProtectedInformation<WaitlistEntryUpdated>(e => e with { Note = e.Note is null ? null : x });
        // Front desk: the appointment type and cancel reason are free texts that can describe the complaint; the treatment as on
        // VisitCompleted; an SMS question keeps the number replies were matched on. Reminder, offer and reply texts are
        // CommunicationLogged bodies (above). Practitioner, times and statuses stay, so the appointment figures keep counting.
        events.AddMaskingRuleForProtectedInformation<AppointmentBooked>(e => e with { Type = x });
        events.AddMaskingRuleForProtectedInformation<AppointmentCancelled>(e => e.Reason is null ? e : e with { Reason = x });
        events.AddMaskingRuleForProtectedInformation<AppointmentCompleted>(e => e.Treatment is null ? e : e with { Treatment = x });
        events.AddMaskingRuleForProtectedInformation<SmsQuestionAsked>(e => e with { Phone = x });
        // Workflow runs and staff tasks: step details and titles render the recipient's name.
        events.AddMaskingRuleForProtectedInformation<WorkflowRunStarted>(e => e with { Reason = x });
        events.AddMaskingRuleForProtectedInformation<WorkflowStepCompleted>(e => e with { Detail = x });
        events.AddMaskingRuleForProtectedInformation<WorkflowStepFailed>(e => e with { Reason = x });
        events.AddMaskingRuleForProtectedInformation<WorkflowRunCompleted>(e => e.Reason is null ? e : e with { Reason = x });
        events.AddMaskingRuleForProtectedInformation<StaffTaskCreated>(e => e with { Title = x });
        events.AddMaskingRuleForProtectedInformation<StaffTaskCompleted>(e => e.Note is null ? e : e with { Note = x });
        events.AddMaskingRuleForProtectedInformation<CallTaskCreated>(e => e with { Title = x, Phone = x, Script = e.Script is null ? null : x });
        // Calls: numbers, transcripts and notes; direction, times, outcomes and the matched ids stay (the call figures count them).
        events.AddMaskingRuleForProtectedInformation<Domain.Telephony.CallLogged>(e => e with
        {
            From = e.From is null ? null : x, To = e.To is null ? null : x, Number = x, ExternalCallId = e.ExternalCallId is null ? null : x,
        });
        events.AddMaskingRuleForProtectedInformation<Domain.Telephony.CallTranscriptReceived>(e => e with { Transcript = x });
        events.AddMaskingRuleForProtectedInformation<Domain.Telephony.CallNoteAdded>(e => e with { Text = x });
        // Consultations, visit notes, assistant chat: transcripts, notes, questions, answers and the snippets shown.
        events.AddMaskingRuleForProtectedInformation<ConsultationRecorded>(e => e with
        {
            Transcript = x, Turns = e.Turns.Select(t => t with { Speaker = t.Speaker is null ? null : x, Text = x }).ToList(),
        });
        events.AddMaskingRuleForProtectedInformation<VisitNoteRecorded>(e => e with
        {
            Subjective = x, Objective = x, Assessment = x, Plan = x, RedFlags = e.RedFlags.Select(_ => x).ToList(),
            Exercises = e.Exercises.Select(_ => x).ToList(),
        });
        events.AddMaskingRuleForProtectedInformation<ChatQuestionAsked>(e => e with { Question = x });
        events.AddMaskingRuleForProtectedInformation<ChatAnswered>(e => e with
        {
            Answer = x, Citations = e.Citations.Select(c => c with { Snippet = x }).ToList(), Shown = e.Shown.Select(c => c with { Snippet = x }).ToList(),
        });
        // Campaigns: provider errors can quote the address, click URLs carry the recipient's opt-out token.
        events.AddMaskingRuleForProtectedInformation<CampaignMessageFailed>(e => e with { Reason = x });
        events.AddMaskingRuleForProtectedInformation<CampaignMessageClicked>(e => e with { Url = null });
    }

    /// <summary>Options (validated at start-up), the erasure processor and the retention schedule.</summary>
    public static IServiceCollection AddChiroClickPrivacy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PrivacyOptions>().Bind(configuration.GetSection(PrivacyOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ErasureProcessor>();
        services.AddSingleton<RetentionScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionScheduler>());
        return services;
    }

    /// <summary>Erasures run one at a time on a durable local queue (a crash re-delivers them; processing is idempotent).</summary>
    public static void ConfigurePrivacyQueue(this WolverineOptions opts)
    {
        opts.PublishMessage<ProcessErasure>().ToLocalQueue(Queue);
        opts.LocalQueue(Queue).Sequential().UseDurableInbox();
    }
}
