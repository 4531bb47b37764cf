using ChiroClick.Api.Audit;
using ChiroClick.Domain.Privacy;
using ChiroClick.Domain.Workflows;
using ChiroClick.Projections.Ai;
using ChiroClick.Projections.Communications;
using ChiroClick.Projections.Leads;
using ChiroClick.Projections.Patients;
using ChiroClick.Projections.Referrals;
using ChiroClick.Projections.Waitlist;
using Npgsql;

namespace ChiroClick.Api.Privacy;


/// <summary>One stored event in a subject access export: where, when, by whom, what.</summary>
/// <param name="StreamId">Stream.</param>
/// <param name="Version">Version within the stream.</param>
/// <param name="Sequence">Global sequence.</param>
/// <param name="Type">Event type name (e.g. lead_captured).</param>
/// <param name="Timestamp">When it was stored (UTC).</param>
/// <param name="UserName">Who appended it (the API key's user), if known.</param>
/// <param name="CorrelationId">Correlation id of the request that appended it.</param>
/// <param name="Data">The event as stored.</param>
public sealed record ExportedEvent(Guid StreamId, long Version, long Sequence, string Type, DateTimeOffset Timestamp, string? UserName,
    string? CorrelationId, object Data);

/// <summary>
/// Everything the clinic holds about one person (GDPR art. 15 and 20), as one JSON document: the events of every
/// stream that names them, the read models, communications, AI suggestions, referrals, waitlist entries, workflow
/// runs, staff tasks, and the access-log entries of reads that returned them.
/// </summary>
public sealed record SubjectExport(
    SubjectType SubjectType,
    Guid SubjectId,
    DateTimeOffset ExportedAt,
    IReadOnlyList<ExportedEvent> Events,
    LeadSummary? Lead,
    PatientSummary? Patient,
    PatientVisits? Visits,
    IReadOnlyList<CommunicationEntry> Communications,
    IReadOnlyList<AiSuggestionView> AiSuggestions,
    IReadOnlyList<ReferralSummary> Referrals,
    IReadOnlyList<WaitlistEntrySummary> WaitlistEntries,
    IReadOnlyList<WorkflowRun> WorkflowRuns,
    IReadOnlyList<StaffTask> StaffTasks,
    IReadOnlyList<RecordAccess> AccessLog);

/// <summary>Gathers a subject access export (<see cref="SubjectExport"/>) for the session's clinic.</summary>
public static class SubjectExportQueries
{
    /// <summary>
    /// Everything held about the lead or patient <paramref name="id"/>: its streams and the shared streams' events naming it (found by
    /// <see cref="SubjectGraph"/>), its read models and the access-log entries of reads that returned them; null for an unknown subject.
    /// </summary>
    public static async Task<SubjectExport?> ExportAsync(IQuerySession session, NpgsqlDataSource db, RecordAccessLog log, SubjectType type, Guid id,
        TimeProvider clock, CancellationToken ct)
    {
        var lead = await session.LoadAsync<LeadSummary>(id, ct);
        var patient = await session.LoadAsync<PatientSummary>(id, ct);
        if ((type == SubjectType.Lead ? (object?)lead : patient) is null) return null;
        if (type == SubjectType.Lead) patient = null;
        else lead = patient?.FromLeadId is { } fromLead ? await session.LoadAsync<LeadSummary>(fromLead, ct) : null;

        var graph = await SubjectGraph.FindAsync(session, db, type, id, ErasureScope.Full, ct);
        var events = await EventsAsync(session, graph, id, ct);
        var ids = graph.Streams.ToArray();
        return new SubjectExport(type, id, clock.GetUtcNow(), [.. events.OrderBy(e => e.Sequence)], lead, patient,
            type == SubjectType.Patient ? await session.LoadAsync<PatientVisits>(id, ct) : null,
            [.. await session.LoadManyAsync<CommunicationEntry>(ct, ids)],
            [.. await session.LoadManyAsync<AiSuggestionView>(ct, ids)],
            [.. await session.LoadManyAsync<ReferralSummary>(ct, ids)],
            [.. await session.LoadManyAsync<WaitlistEntrySummary>(ct, ids)],
            [.. await session.LoadManyAsync<WorkflowRun>(ct, ids)],
            [.. await session.LoadManyAsync<StaffTask>(ct, ids)],
            await AccessLogAsync(log, session.TenantId, [id, .. ids], ct));
    }

    // Every event of the subject's own streams, and of the shared streams only those naming the subject.
    private static async Task<List<ExportedEvent>> EventsAsync(IQuerySession session, SubjectStreams graph, Guid id, CancellationToken ct)
    {
        var events = new List<ExportedEvent>();
        foreach (var stream in graph.Streams.Concat(graph.SharedStreams))
        {
            var sharedStream = !graph.Streams.Contains(stream);
            foreach (var e in await session.Events.FetchStreamAsync(stream, token: ct))
                if (!sharedStream || SubjectGraph.NamesSubject(e.Data, id))
                    events.Add(new ExportedEvent(e.StreamId, e.Version, e.Sequence, e.EventTypeName, e.Timestamp, e.UserName, e.CorrelationId, e.Data));
        }
        return events;
    }

    // Reads that named the subject or a record about them: by route id, or by the patient/lead ids their answers held.
    private static async Task<IReadOnlyList<RecordAccess>> AccessLogAsync(RecordAccessLog log, string tenant, Guid[] ids, CancellationToken ct)
    {
        var rows = new Dictionary<long, RecordAccess>();
        foreach (var id in ids.Distinct())
        {
            long after = 0;
            while (true)
            {
                var page = await log.ReadAsync(tenant, null, id.ToString(), null, null, after, 500, ct);
                foreach (var row in page) rows[row.Id] = row;
                if (page.Count < 500) break;
                after = page[^1].Id;
            }
        }
        return [.. rows.Values.OrderBy(r => r.Id)];
    }
}
