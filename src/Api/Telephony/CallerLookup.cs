using ChiroClick.Domain.Appointments;
using ChiroClick.Domain.Leads;
using ChiroClick.Domain.Telephony;
using ChiroClick.Domain.Workflows;
using ChiroClick.Projections.Appointments;
using ChiroClick.Projections.Leads;
using ChiroClick.Projections.Patients;
using ChiroClick.Projections.Surveys;

namespace ChiroClick.Api.Telephony;

/// <summary>What a caller turned out to be. Wire names <c>patient</c>, <c>lead</c>, <c>unknown</c>.</summary>
public enum CallerKind
{
    /// <summary>A patient of the clinic.</summary>
    Patient,
    /// <summary>An open lead.</summary>
    Lead,
    /// <summary>Nobody with that number.</summary>
    Unknown,
}

/// <summary>
/// One candidate of a screen pop: who may be calling and what the front desk wants to see before picking up.
/// </summary>
/// <param name="Kind">patient, lead or unknown.</param>
/// <param name="Id">Patient or lead id; null when unknown.</param>
/// <param name="FullName">Name, or null.</param>
/// <param name="Stage">Lifecycle stage of a patient (<c>active</c>, <c>at_risk</c>, ...) or lead stage of a lead (<c>new</c>, <c>contacted</c>, ...).</param>
/// <param name="LastVisitAt">A patient's last visit, or null.</param>
/// <param name="NextAppointmentAt">Start of the next booked or confirmed appointment, or null.</param>
/// <param name="OpenTasks">Open staff tasks about the person.</param>
/// <param name="LastNps">A patient's latest survey score (0–10), or null.</param>
public sealed record CallerCandidate(CallerKind Kind, Guid? Id, string? FullName, string? Stage, DateTimeOffset? LastVisitAt,
    DateTimeOffset? NextAppointmentAt, int OpenTasks, int? LastNps)
{
    /// <summary>The match of a number nobody has.</summary>
    public static readonly CallerCandidate Unknown = new(CallerKind.Unknown, null, null, null, null, null, 0, null);
}

/// <summary>Caller-ID: a number (any Norwegian spelling) against the clinic's patients and leads.</summary>
public static class CallerLookup
{
    /// <summary>At most this many patients and this many leads are matched.</summary>
    public const int MaxCandidates = 10;

    /// <summary>
    /// The number in E.164 when it is a valid number ("+47 99 88 77 66", "0047 99887766" and "99887766" are one number), else as sent
    /// (hidden or foreign-format numbers), with the patients (most recent visit first) and the open leads (converted leads live on
    /// as their patient; most recently updated first) that have it. A number that is not valid matches nobody.
    /// </summary>
    public static async Task<CallerMatch> MatchAsync(IQuerySession session, string raw, CancellationToken ct)
    {
        if (!NorwegianPhone.TryNormalise(raw, out var e164) || e164 is null) return new CallerMatch(raw.Trim(), [], []);
        var patients = await session.Query<PatientSummary>().Where(p => p.Phone == e164).Take(MaxCandidates * 2).ToListAsync(ct);
        var leads = await session.Query<LeadSummary>().Where(l => l.Phone == e164 && l.Stage != LeadStage.Converted).Take(MaxCandidates * 2).ToListAsync(ct);
        return new CallerMatch(e164,
            [.. patients.OrderByDescending(p => p.LastVisitAt ?? DateTimeOffset.MinValue).ThenByDescending(p => p.RegisteredAt).Take(MaxCandidates).Select(p => p.Id)],
            [.. leads.OrderByDescending(l => l.UpdatedAt).Take(MaxCandidates).Select(l => l.Id)]);
    }

    /// <summary>
    /// The candidates of a call, patients first, each with stage, last visit, next appointment (after <paramref name="now"/>), open
    /// tasks and last NPS; ids that no longer exist are left out. Empty when the call matched nobody.
    /// </summary>
    public static async Task<IReadOnlyList<CallerCandidate>> CandidatesAsync(IQuerySession session, IReadOnlyList<Guid> patientIds,
        IReadOnlyList<Guid> leadIds, DateTimeOffset now, CancellationToken ct)
    {
        var candidates = new List<CallerCandidate>();
        var patients = patientIds.Count == 0 ? [] : (await session.LoadManyAsync<PatientSummary>(ct, patientIds)).ToDictionary(p => p.Id);
        foreach (var id in patientIds)
        {
            if (!patients.TryGetValue(id, out var p)) continue;
            candidates.Add(new CallerCandidate(CallerKind.Patient, p.Id, p.FullName, Infrastructure.ChiroJson.Wire(p.Stage), p.LastVisitAt,
                await NextAppointmentAsync(session, id, null, now, ct), await OpenTasksAsync(session, id, null, ct), await LastNpsAsync(session, id, ct)));
        }
        var leads = leadIds.Count == 0 ? [] : (await session.LoadManyAsync<LeadSummary>(ct, leadIds)).ToDictionary(l => l.Id);
        foreach (var id in leadIds)
        {
            if (!leads.TryGetValue(id, out var l)) continue;
            candidates.Add(new CallerCandidate(CallerKind.Lead, l.Id, l.FullName, Infrastructure.ChiroJson.Wire(l.Stage), null,
                await NextAppointmentAsync(session, null, id, now, ct), await OpenTasksAsync(session, null, id, ct), null));
        }
        return candidates;
    }

    private static async Task<DateTimeOffset?> NextAppointmentAsync(IQuerySession session, Guid? patientId, Guid? leadId, DateTimeOffset now,
        CancellationToken ct)
    {
        var query = session.Query<AppointmentSummary>()
            .Where(a => a.Start >= now && (a.Status == AppointmentStatus.Booked || a.Status == AppointmentStatus.Confirmed));
        query = patientId is { } p ? query.Where(a => a.PatientId == p) : query.Where(a => a.LeadId == leadId);
        var next = await query.OrderBy(a => a.Start).FirstOrDefaultAsync(ct);
        return next?.Start;
    }

    private static Task<int> OpenTasksAsync(IQuerySession session, Guid? patientId, Guid? leadId, CancellationToken ct) =>
        patientId is { } p
            ? session.Query<StaffTask>().CountAsync(t => !t.Done && t.PatientId == p, ct)
            : session.Query<StaffTask>().CountAsync(t => !t.Done && t.LeadId == leadId, ct);

    private static async Task<int?> LastNpsAsync(IQuerySession session, Guid patientId, CancellationToken ct)
    {
        var surveys = await session.Query<SurveySummary>().Where(s => s.Responses.Any(r => r.PatientId == patientId)).ToListAsync(ct);
        return surveys.SelectMany(s => s.Responses).Where(r => r.PatientId == patientId).MaxBy(r => r.ReceivedAt)?.Score;
    }
}
