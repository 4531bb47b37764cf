using ChiroClick.Api.Campaigns;
using ChiroClick.Domain.Ai;
using ChiroClick.Domain.Patients;
using ChiroClick.Domain.Privacy;
using ChiroClick.Domain.Workflows;
using ChiroClick.Projections.Ai;
using ChiroClick.Projections.Communications;
using ChiroClick.Projections.Leads;
using ChiroClick.Projections.Patients;
using ChiroClick.Projections.Referrals;
using ChiroClick.Projections.Surveys;
using ChiroClick.Projections.Training;
using ChiroClick.Projections.Waitlist;
using JasperFx.Events;
using Marten.Events;
using Npgsql;

namespace ChiroClick.Api.Privacy;

/// <summary>
/// Carries out one erasure: finds the streams that name the subject, masks their events with Marten's event data
/// masking, closes the subject's stream with <see cref="PersonalDataErased"/>, rebuilds the read models of those
/// streams from the masked events, deletes outbox copies of messages, purges Wolverine envelopes that name the
/// subject and drops any leftover <c>projections verify</c> shadow schema. Idempotent: a re-delivered erasure
/// repeats the masking (a no-op on masked data) and appends nothing twice.
/// </summary>
public sealed class ErasureProcessor(IDocumentStore store, NpgsqlDataSource db, IOptions<PrivacyOptions> options, TimeProvider clock,
    ILogger<ErasureProcessor> logger)
{
    private static readonly string Schema = Infrastructure.MartenConfiguration.Schema;

    /// <summary>Processes the erasure <paramref name="erasureId"/> of clinic <paramref name="tenant"/>; returns its final state.</summary>
    public async Task<Erasure?> ProcessAsync(string tenant, Guid erasureId, CancellationToken ct)
    {
        await using var session = store.LightweightSession(tenant);
        var erasure = await session.LoadAsync<Erasure>(erasureId, ct);
        if (erasure is not { Status: ErasureStatus.Pending }) return erasure;
        var now = clock.GetUtcNow();

        var refusal = await RefusalAsync(session, erasure, now, ct);
        if (refusal is not null)
        {
            session.Events.Append(erasureId, refusal);
            await session.SaveChangesAsync(ct);
            return await session.LoadAsync<Erasure>(erasureId, ct);
        }

        if (erasure.Streams is null)
        {
            var found = await SubjectGraph.FindAsync(session, db, erasure.SubjectType, erasure.SubjectId, erasure.Scope, ct);
            session.Events.Append(erasureId, new ErasureTargetsFound(erasureId, found.Streams, found.SharedStreams));
            await session.SaveChangesAsync(ct);
            erasure = (await session.LoadAsync<Erasure>(erasureId, ct))!;
        }
        var streams = erasure.Streams!;
        var shared = erasure.SharedStreams ?? [];

        // Let the async daemon finish what it already read, so it does not write unmasked copies after the masking.
        try { await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(15)); }
        catch (TimeoutException) { logger.LogWarning("Erasure {Erasure}: projections still catching up; masking anyway", erasureId); }

        var subject = erasure.SubjectId;
        await store.Advanced.ApplyEventDataMasking(m =>
        {
            m.ForTenant(tenant);
            foreach (var id in streams) m.IncludeStream(id);
            foreach (var id in shared) m.IncludeStream(id, e => SubjectGraph.NamesSubject(e.Data, subject));
            m.AddHeader("erased", true);
            m.AddHeader("erasure", erasureId.ToString());
        }, ct);

        // Rebuilt before the closing events are appended: those go through the inline projections as any append does,
        // so the stored documents stay exactly what a rebuild of the whole store makes.
        var removed = await RebuildReadModelsAsync(tenant, streams.Concat(shared).Distinct().ToList(), ct);
        removed += await CloseStreamsAsync(tenant, erasure, streams, now, ct);
        removed += await DeleteKnowledgeAsync(tenant, erasure, streams, ct);
        var purged = await PurgeMessagesAsync([subject, .. streams], ct);
        await ExecuteAsync($"drop schema if exists {Tools.ProjectionVerifier.ShadowSchema} cascade", ct);
        var masked = await CountMaskedAsync(tenant, erasureId, ct);

        await using var done = store.LightweightSession(tenant);
        done.Events.Append(erasureId, new ErasureCompleted(erasureId, masked, removed, purged, clock.GetUtcNow()));
        await done.SaveChangesAsync(ct);
        logger.LogInformation("Erasure {Erasure} completed: {Events} events masked, {Documents} documents, {Messages} messages",
            erasureId, masked, removed, purged);
        return await done.LoadAsync<Erasure>(erasureId, ct);
    }

    /// <summary>
    /// Why the erasure cannot be carried out now, or null: an unknown subject, or (full scope) a patient record still
    /// inside <see cref="PrivacyOptions.PatientRecordRetentionYears"/> after the last visit.
    /// </summary>
    public async Task<ErasureRefused?> RefusalAsync(IQuerySession session, Erasure erasure, DateTimeOffset now, CancellationToken ct)
    {
        if (erasure.SubjectType == SubjectType.Lead)
            return await session.LoadAsync<LeadSummary>(erasure.SubjectId, ct) is null
                ? new ErasureRefused(erasure.Id, "no such lead", null, now)
                : null;
        var patient = await session.LoadAsync<PatientSummary>(erasure.SubjectId, ct);
        if (patient is null) return new ErasureRefused(erasure.Id, "no such patient", null, now);
        var years = options.Value.PatientRecordRetentionYears;
        if (erasure.Scope == ErasureScope.Full && !RetentionRules.PatientErasable(patient.LastVisitAt, years, now))
        {
            var from = RetentionRules.PatientErasableFrom(patient.LastVisitAt, years)!.Value;
            return new ErasureRefused(erasure.Id,
                $"The patient record is kept for {years} years after the last visit: a full erasure is possible from {from:yyyy-MM-dd}. " +
                "An erasure with scope 'marketing' is possible now.", from, now);
        }
        return null;
    }

    // PersonalDataErased on the subject's stream(s); running workflow runs cancelled (else the sweep re-queues their
    // steps); marketing scope withdraws the consents beyond care; outbox copies of messages deleted.
    private async Task<int> CloseStreamsAsync(string tenant, Erasure erasure, IReadOnlyList<Guid> streams, DateTimeOffset now, CancellationToken ct)
    {
        await using var session = store.LightweightSession(tenant);
        var closed = new List<(Guid Id, SubjectType Type)>();
        var appends = new Dictionary<Guid, List<object>>();
        void Add(Guid stream, object e)
        {
            if (!appends.TryGetValue(stream, out var list)) appends[stream] = list = [];
            list.Add(e);
        }
        if (erasure.Scope == ErasureScope.Marketing)
        {
            closed.Add((erasure.SubjectId, SubjectType.Patient));
            if (await session.Events.AggregateStreamAsync<Patient>(erasure.SubjectId, token: ct) is { } patient)
                foreach (var withdrawn in PatientDecisions.WithdrawAllButCare(patient, now)) Add(erasure.SubjectId, withdrawn);
        }
        else
        {
            closed.Add((erasure.SubjectId, erasure.SubjectType));
            if (erasure.SubjectType == SubjectType.Patient &&
                (await session.LoadAsync<PatientSummary>(erasure.SubjectId, ct))?.FromLeadId is { } lead && streams.Contains(lead))
                closed.Add((lead, SubjectType.Lead));
            foreach (var run in await session.LoadManyAsync<WorkflowRun>(ct, streams))
                if (run.Status == WorkflowRunStatus.Running)
                    Add(run.Id, new WorkflowRunCompleted(run.Id, WorkflowRunOutcome.Cancelled, "personal data erased", now));
        }
        foreach (var (id, type) in closed)
        {
            var already = (await session.Events.FetchStreamAsync(id, token: ct))
                .Any(e => e.Data is PersonalDataErased p && p.ErasureId == erasure.Id);
            if (!already) Add(id, new PersonalDataErased(type, erasure.Reason, erasure.Id, erasure.Scope));
        }
        // With the expected version: quick appends without one leave inline snapshots at version 0, unlike a rebuild.
        foreach (var (id, events) in appends)
        {
            var state = await session.Events.FetchStreamStateAsync(id, ct);
            session.Events.Append(id, (state?.Version ?? 0) + events.Count, [.. events]);
        }

        var owners = closed.Select(c => c.Id).ToArray();
        var outbox = await session.Query<CampaignOutboxMessage>().Where(m => m.PatientId.IsOneOf(owners)).ToListAsync(ct);
        foreach (var message in outbox) session.Delete(message);
        await session.SaveChangesAsync(ct);
        return outbox.Count;
    }

    // Every read model of a masked stream is recomputed from the masked events, exactly as a rebuild would.
    private async Task<int> RebuildReadModelsAsync(string tenant, IReadOnlyList<Guid> streams, CancellationToken ct)
    {
        var rebuilt = 0;
        var training = new List<IEvent>();
        await using (var query = store.QuerySession(tenant))
        {
            foreach (var id in streams)
            {
                var events = await query.Events.FetchStreamAsync(id, token: ct);
                if (events.Count == 0) continue;
                foreach (var rebuild in RebuildersFor(events[0].Data))
                {
                    await rebuild(store.Advanced, id, tenant, ct);
                    rebuilt++;
                }
                training.AddRange(events.Where(e => e.Data is PatientRegistered or PatientDetailsUpdated or IAiSuggestionEvent));
            }
        }
        if (training.Count > 0)
        {
            // The training projection is async and multi-stream: apply the masked events again, which replaces the
            // drafts, examples and name-book entries they made with what a rebuild makes from the masked events.
            await using var session = store.LightweightSession(tenant);
            await new TrainingExampleProjection().ApplyAsync(session, training.OrderBy(e => e.Sequence).ToList(), ct);
            await session.SaveChangesAsync(ct);
        }
        return rebuilt;
    }

    private delegate Task Rebuild(AdvancedOperations advanced, Guid id, string tenant, CancellationToken ct);

    private static Rebuild[] RebuildersFor(object first) => first switch
    {
        Domain.Leads.LeadCaptured => [Of<LeadSummary>(), Of<Domain.Leads.Lead>()],
        PatientRegistered => [Of<PatientSummary>(), Of<PatientVisits>()],
        Domain.Communications.CommunicationLogged => [Of<CommunicationEntry>()],
        AiSuggestionGenerated => [Of<AiSuggestionView>()],
        Domain.Referrals.ReferralRecorded => [Of<ReferralSummary>()],
        Domain.Waitlist.WaitlistEntryAdded => [Of<WaitlistEntrySummary>()],
        WorkflowRunStarted => [Of<WorkflowRun>()],
        StaffTaskCreated or CallTaskCreated => [Of<StaffTask>()],
        Domain.Appointments.AppointmentBooked => [Of<Projections.Appointments.AppointmentSummary>(), Of<Domain.Appointments.Appointment>()],
        Domain.Communications.SmsQuestionAsked => [Of<Domain.Communications.SmsQuestion>()],
        Domain.Telephony.CallLogged => [Of<ChiroClick.Projections.Telephony.CallSummary>(), Of<Domain.Telephony.Call>()],
        Domain.Surveys.SurveyCreated => [Of<SurveySummary>()],
        Domain.Campaigns.CampaignCreated => [Of<Domain.Campaigns.Campaign>()],
        Domain.Consultations.ConsultationRecorded => [Of<Projections.Consultations.ConsultationSummary>()],
        _ => [],
    };

    private static Rebuild Of<T>() where T : class => (advanced, id, tenant, ct) => advanced.RebuildSingleStreamAsync<T>(id, tenant, ct);

    // The assistant's chunks of the subject's records (the Knowledge projection makes none from masked texts, so this is what a
    // rebuild leaves; it also deletes them itself when it reaches PersonalDataErased).
    private async Task<int> DeleteKnowledgeAsync(string tenant, Erasure erasure, IReadOnlyList<Guid> streams, CancellationToken ct)
    {
        if (erasure.Scope != ErasureScope.Full) return 0;
        await using var cmd = db.CreateCommand($"""
            delete from {Schema}.mt_doc_knowledgechunk
            where tenant_id = @t and (data->>'patientId' = @subject or (data->>'sourceId')::uuid = any(@streams))
            """);
        cmd.Parameters.AddWithValue("t", tenant);
        cmd.Parameters.AddWithValue("subject", erasure.SubjectId.ToString());
        cmd.Parameters.AddWithValue("streams", streams.ToArray());
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    private async Task<int> PurgeMessagesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var needles = ids.Distinct().Select(i => i.ToString()).ToArray();
        var purged = 0;
        // Scheduled, incoming (handled ones are kept a while for idempotency), outgoing and dead-lettered envelopes.
        foreach (var table in new[] { "wolverine_incoming_envelopes", "wolverine_outgoing_envelopes", "wolverine_dead_letters" })
            purged += await DeleteWhereAsync(table, "body", needles, ct);
        purged += await DeleteWhereAsync("mt_doc_deadletterevent", "data", needles, ct);
        return purged;
    }

    private async Task<int> DeleteWhereAsync(string table, string column, string[] needles, CancellationToken ct)
    {
        await using var exists = db.CreateCommand("select to_regclass(@t) is not null");
        exists.Parameters.AddWithValue("t", $"{Schema}.{table}");
        if (!(bool)(await exists.ExecuteScalarAsync(ct))!) return 0;
        // Envelope bodies are bytes (UTF-8 JSON): searched as bytes, so no body can fail to decode.
        var match = column == "body" ? "position(convert_to(n, 'UTF8') in body) > 0" : $"strpos({column}::text, n) > 0";
        await using var cmd = db.CreateCommand($"""
            delete from {Schema}.{table} where exists (select 1 from unnest(@needles) n where {match})
            """);
        cmd.Parameters.AddWithValue("needles", needles);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    private async Task<int> CountMaskedAsync(string tenant, Guid erasureId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"select count(*) from {Schema}.mt_events where tenant_id = @t and headers->>'erasure' = @e");
        cmd.Parameters.AddWithValue("t", tenant);
        cmd.Parameters.AddWithValue("e", erasureId.ToString());
        return (int)(long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
