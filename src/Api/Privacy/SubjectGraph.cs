using ChiroClick.Domain.Communications;
using ChiroClick.Domain.Privacy;
using ChiroClick.Domain.Workflows;
using ChiroClick.Projections.Ai;
using ChiroClick.Projections.Appointments;
using ChiroClick.Projections.Communications;
using ChiroClick.Projections.Consultations;
using ChiroClick.Projections.Leads;
using ChiroClick.Projections.Patients;
using ChiroClick.Projections.Referrals;
using ChiroClick.Projections.Waitlist;
using Npgsql;

namespace ChiroClick.Api.Privacy;

/// <summary>The streams that name one subject: masked whole, or (shared streams) only where their events name the subject.</summary>
/// <param name="Streams">The subject's own stream(s) and the streams about it alone.</param>
/// <param name="SharedStreams">Campaign and survey streams with events about the subject among others'.</param>
public sealed record SubjectStreams(IReadOnlyList<Guid> Streams, IReadOnlyList<Guid> SharedStreams);

/// <summary>
/// Finds every stream that names a subject, by the ids the events carry (communications, referrals, waitlist entries,
/// workflow runs, staff tasks, AI suggestions, appointments, SMS questions, calls attributed to the subject, consultations, chat sessions, campaign and survey events), by the subject's
/// phone number (calls from or to it and call tasks for it, also those from before the subject had a record) and, for free
/// texts that carry no id (an AI prompt, a communication, a call transcript or note that mentions a lead), by the subject's name,
/// phone and e-mail appearing in them.
/// Used by erasures (before masking) and by the subject access export.
/// </summary>
public static class SubjectGraph
{
    /// <summary>Collects the streams naming the subject in the session's tenant.</summary>
    public static async Task<SubjectStreams> FindAsync(IQuerySession session, NpgsqlDataSource db, SubjectType type, Guid subjectId, ErasureScope scope,
        CancellationToken ct)
    {
        var streams = new HashSet<Guid>();
        var shared = new HashSet<Guid>();
        var needles = new List<string>();
        var patientIds = new List<Guid>();
        var leadIds = new List<Guid>();
        var phones = new List<string>();

        if (type == SubjectType.Patient)
        {
            patientIds.Add(subjectId);
            var patient = await session.LoadAsync<PatientSummary>(subjectId, ct);
            if (patient is not null)
            {
                AddNeedles(needles, patient.FullName, patient.Phone, patient.Email);
                if (patient.Phone is { } phone) phones.Add(phone);
                if (scope == ErasureScope.Full && patient.FromLeadId is { } fromLead) leadIds.Add(fromLead);
            }
        }
        else leadIds.Add(subjectId);

        foreach (var leadId in leadIds)
        {
            var lead = await session.LoadAsync<LeadSummary>(leadId, ct);
            if (lead is not null) AddNeedles(needles, lead.FullName, lead.Phone, lead.Email);
            if (lead?.Phone is { } phone) phones.Add(phone);
        }

        var tenant = session.TenantId;
        if (scope == ErasureScope.Marketing)
        {
            foreach (var id in await session.Query<CommunicationEntry>().Where(c => c.PatientId == subjectId).Select(c => c.Id).ToListAsync(ct))
                streams.Add(id);
            shared.UnionWith(await EventStreamsAsync(db, tenant, CampaignEventTypes, subjectId, ct));
            return new SubjectStreams([.. streams], [.. shared]);
        }

        streams.UnionWith(patientIds);
        streams.UnionWith(leadIds);
        foreach (var pid in patientIds)
        {
            streams.UnionWith(await session.Query<CommunicationEntry>().Where(c => c.PatientId == pid).Select(c => c.Id).ToListAsync(ct));
            streams.UnionWith(await session.Query<AiSuggestionView>().Where(s => s.PatientId == pid).Select(s => s.Id).ToListAsync(ct));
            streams.UnionWith(await session.Query<ReferralSummary>()
                .Where(r => r.ReferringPatientId == pid || r.ReferredPatientId == pid).Select(r => r.Id).ToListAsync(ct));
            streams.UnionWith(await session.Query<WaitlistEntrySummary>().Where(w => w.PatientId == pid).Select(w => w.Id).ToListAsync(ct));
            streams.UnionWith(await session.Query<WorkflowRun>().Where(r => r.PatientId == pid).Select(r => r.Id).ToListAsync(ct));
            streams.UnionWith(await session.Query<StaffTask>().Where(t => t.PatientId == pid).Select(t => t.Id).ToListAsync(ct));
            streams.UnionWith(await session.Query<AppointmentSummary>().Where(a => a.PatientId == pid).Select(a => a.Id).ToListAsync(ct));
            streams.UnionWith(await session.Query<SmsQuestion>().Where(q => q.PatientId == pid).Select(q => q.Id).ToListAsync(ct));
            shared.UnionWith(await EventStreamsAsync(db, tenant, CampaignEventTypes, pid, ct));
            shared.UnionWith(await EventStreamsAsync(db, tenant, ["survey_response_received"], pid, ct));
            streams.UnionWith(await session.Query<ConsultationSummary>().Where(c => c.PatientId == pid).Select(c => c.Id).ToListAsync(ct));
            // Chat sessions: the questions about the patient and the answers made from the patient's records (shared: other
            // questions of the session stay), and those answers' suggestions, whose prompts hold the records shown.
            var chats = await ScalarGuidsAsync(db, $"""
                select distinct stream_id from {Infrastructure.MartenConfiguration.Schema}.mt_events
                where tenant_id = @tenant and ((type = 'chat_question_asked' and data->>'patientId' = @patient)
                   or (type = 'chat_answered' and data->'shown' @> jsonb_build_array(jsonb_build_object('patientId', @patient))))
                """, ct, ("tenant", tenant), ("patient", pid.ToString()));
            shared.UnionWith(chats);
            streams.UnionWith(await ScalarGuidsAsync(db, $"""
                select distinct (data->>'suggestionId')::uuid from {Infrastructure.MartenConfiguration.Schema}.mt_events
                where tenant_id = @tenant and type = 'chat_answered' and stream_id = any(@chats)
                  and data->'shown' @> jsonb_build_array(jsonb_build_object('patientId', @patient))
                """, ct, ("tenant", tenant), ("chats", chats.ToArray()), ("patient", pid.ToString())));
        }
        foreach (var lid in leadIds)
        {
            streams.UnionWith(await session.Query<CommunicationEntry>().Where(c => c.LeadId == lid).Select(c => c.Id).ToListAsync(ct));
            streams.UnionWith(await session.Query<ReferralSummary>().Where(r => r.ReferredLeadId == lid).Select(r => r.Id).ToListAsync(ct));
            streams.UnionWith(await session.Query<WorkflowRun>().Where(r => r.LeadId == lid).Select(r => r.Id).ToListAsync(ct));
            streams.UnionWith(await session.Query<StaffTask>().Where(t => t.LeadId == lid).Select(t => t.Id).ToListAsync(ct));
            streams.UnionWith(await session.Query<AppointmentSummary>().Where(a => a.LeadId == lid).Select(a => a.Id).ToListAsync(ct));
            streams.UnionWith(await session.Query<SmsQuestion>().Where(q => q.LeadId == lid).Select(q => q.Id).ToListAsync(ct));
        }

        streams.UnionWith(await Telephony.CallSubjects.StreamsAsync(session, patientIds, leadIds, phones, ct));

        // AI drafts of the subject's workflow runs (a lead's draft carries no lead id, only the run knows it).
        var runs = streams.ToArray();
        streams.UnionWith(await ScalarGuidsAsync(db, $"""
            select distinct (data->>'suggestionId')::uuid from {Infrastructure.MartenConfiguration.Schema}.mt_events
            where tenant_id = @tenant and type = 'workflow_step_awaiting_approval' and stream_id = any(@runs)
            """, ct, ("tenant", tenant), ("runs", runs)));

        // Free texts that name the subject without an id: prompts, outputs, corrections, communications.
        if (needles.Count > 0)
            streams.UnionWith(await ScalarGuidsAsync(db, $"""
                select distinct stream_id from {Infrastructure.MartenConfiguration.Schema}.mt_events
                where tenant_id = @tenant and type = any(@types)
                  and exists (select 1 from unnest(@needles) n where strpos(lower(data::text), n) > 0)
                """, ct, ("tenant", tenant), ("types", TextEventTypes), ("needles", needles.ToArray())));

        shared.ExceptWith(streams);
        return new SubjectStreams([.. streams], [.. shared]);
    }

    /// <summary>Campaign events that name a recipient by patient id.</summary>
    internal static readonly string[] CampaignEventTypes =
    [
        "campaign_message_sent", "campaign_message_delivered", "campaign_message_opened", "campaign_message_clicked", "campaign_message_failed",
    ];

    private static readonly string[] TextEventTypes =
    [
        "ai_suggestion_generated", "ai_suggestion_modified", "ai_suggestion_rejected", "communication_logged", "staff_task_created",
        "call_task_created", "call_transcript_received", "call_note_added",
        "consultation_recorded", "chat_question_asked", "chat_answered",
    ];

    /// <summary>True when a shared stream's event is about the subject (campaign recipient, survey respondent).</summary>
    public static bool NamesSubject(object data, Guid subjectId) => data switch
    {
        Domain.Campaigns.CampaignMessageSent e => e.PatientId == subjectId,
        Domain.Campaigns.CampaignMessageDelivered e => e.PatientId == subjectId,
        Domain.Campaigns.CampaignMessageOpened e => e.PatientId == subjectId,
        Domain.Campaigns.CampaignMessageClicked e => e.PatientId == subjectId,
        Domain.Campaigns.CampaignMessageFailed e => e.PatientId == subjectId,
        Domain.Surveys.SurveyResponseReceived e => e.PatientId == subjectId,
        Domain.Surveys.SurveyResponseCommented e => e.PatientId == subjectId,
        Domain.Assistant.ChatQuestionAsked e => e.PatientId == subjectId,
        Domain.Assistant.ChatAnswered e => e.Shown.Any(s => s.PatientId == subjectId),
        _ => false,
    };

    // A name is matched whole (a first name alone would hit other people); phones by their last 8 digits, as written
    // in Norwegian text; all lower-cased, as the search is.
    private static void AddNeedles(List<string> needles, string? fullName, string? phone, string? email)
    {
        if (!string.IsNullOrWhiteSpace(fullName) && fullName != Masked.Text && fullName.Trim().Length >= 5) needles.Add(fullName.Trim().ToLowerInvariant());
        var digits = new string((phone ?? "").Where(char.IsDigit).ToArray());
        if (digits.Length >= 8) needles.Add(digits[^8..]);
        if (!string.IsNullOrWhiteSpace(email)) needles.Add(email.Trim().ToLowerInvariant());
    }

    private static async Task<IEnumerable<Guid>> EventStreamsAsync(NpgsqlDataSource db, string tenant, string[] types, Guid patientId,
        CancellationToken ct) =>
        await ScalarGuidsAsync(db, $"""
            select distinct stream_id from {Infrastructure.MartenConfiguration.Schema}.mt_events
            where tenant_id = @tenant and type = any(@types) and data->>'patientId' = @patient
            """, ct, ("tenant", tenant), ("types", types), ("patient", patientId.ToString()));

    internal static async Task<List<Guid>> ScalarGuidsAsync(NpgsqlDataSource db, string sql, CancellationToken ct,
        params (string Name, object Value)[] parameters)
    {
        await using var cmd = db.CreateCommand(sql);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        var ids = new List<Guid>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) if (!reader.IsDBNull(0)) ids.Add(reader.GetGuid(0));
        return ids;
    }
}
