using ChiroClick.Domain.Leads;
using ChiroClick.Api.Clinics;
using ChiroClick.Domain.Privacy;
using ChiroClick.Projections.Leads;
using ChiroClick.Projections.Patients;

namespace ChiroClick.Api.Privacy;

/// <summary>Command: run the retention job in the message's tenant (clinic).</summary>
public sealed record RunRetention;

/// <summary>One subject the retention job erases (or would erase).</summary>
/// <param name="SubjectType">lead or patient.</param>
/// <param name="SubjectId">Id.</param>
/// <param name="Reason">Why, without personal data, e.g. "retention: lead lost, no activity since 2023-01-02 (24 months)".</param>
public sealed record RetentionCandidate(SubjectType SubjectType, Guid SubjectId, string Reason);

/// <summary>
/// The retention job: leads that never became patients and saw no activity (lost, or left open) for longer than
/// <c>Privacy:LeadRetentionMonths</c>, and patients whose last visit (or registration, without visits) is older than
/// <c>Privacy:PatientRecordRetentionYears</c>, are erased in full. Each run is a <see cref="RetentionRunCompleted"/>
/// event in a stream of its own; each subject an erasure of its own (processed on the privacy queue).
/// </summary>
public static class RetentionJob
{
    /// <summary>What a run at <paramref name="now"/> would erase in the session's clinic. Subjects already erased are skipped.</summary>
    public static async Task<IReadOnlyList<RetentionCandidate>> CandidatesAsync(IQuerySession session, PrivacyOptions options, DateTimeOffset now,
        CancellationToken ct)
    {
        var leadCutoff = now.AddMonths(-options.LeadRetentionMonths);
        var leads = await session.Query<LeadSummary>()
            .Where(l => l.Stage != LeadStage.Converted && l.UpdatedAt < leadCutoff && l.FullName != Masked.Text)
            .Select(l => new { l.Id, l.Stage, l.UpdatedAt }).ToListAsync(ct);
        var patientCutoff = now.AddYears(-options.PatientRecordRetentionYears);
        var patients = await session.Query<PatientSummary>()
            .Where(p => p.FullName != Masked.Text && ((p.LastVisitAt != null && p.LastVisitAt < patientCutoff) ||
                                                     (p.LastVisitAt == null && p.RegisteredAt < patientCutoff)))
            .Select(p => new { p.Id, p.LastVisitAt, p.RegisteredAt }).ToListAsync(ct);
        return
        [
            .. leads.Where(l => RetentionRules.LeadExpired(false, l.UpdatedAt, options.LeadRetentionMonths, now)).Select(l => new RetentionCandidate(
                SubjectType.Lead, l.Id,
                $"retention: lead {(l.Stage == LeadStage.Lost ? "lost" : "idle")}, no activity since {l.UpdatedAt:yyyy-MM-dd} ({options.LeadRetentionMonths} months)")),
            .. patients.Select(p => new RetentionCandidate(SubjectType.Patient, p.Id,
                $"retention: patient record, last {(p.LastVisitAt is null ? "registration" : "visit")} {(p.LastVisitAt ?? p.RegisteredAt):yyyy-MM-dd} " +
                $"({options.PatientRecordRetentionYears} years)")),
        ];
    }

    /// <summary>
    /// Queues (does not save) one erasure per candidate and the run's <see cref="RetentionRunCompleted"/>; returns
    /// the erasure commands to send once saved.
    /// </summary>
    public static async Task<(RetentionRunCompleted Run, IReadOnlyList<ProcessErasure> Erasures)> RunAsync(IDocumentSession session,
        PrivacyOptions options, DateTimeOffset now, CancellationToken ct)
    {
        var candidates = await CandidatesAsync(session, options, now, ct);
        var clinic = Guid.Parse(session.TenantId);
        var erasures = new List<ProcessErasure>();
        foreach (var c in candidates)
        {
            var id = Guid.CreateVersion7();
            session.Events.StartStream<Erasure>(id, new ErasureRequested(id, c.SubjectType, c.SubjectId, c.Reason, ErasureScope.Full, now));
            erasures.Add(new ProcessErasure(id, clinic));
        }
        var runId = Guid.CreateVersion7();
        var run = new RetentionRunCompleted(runId, now, candidates.Count(c => c.SubjectType == SubjectType.Lead),
            candidates.Count(c => c.SubjectType == SubjectType.Patient), erasures.Select(e => e.ErasureId).ToList());
        session.Events.StartStream(runId, run);
        return (run, erasures);
    }
}

/// <summary>Wolverine handler of <see cref="RunRetention"/>: "now" from the injected <see cref="TimeProvider"/>.</summary>
public static class RunRetentionHandler
{
    /// <summary>Requests the erasures due now (committed by Wolverine's transaction) and queues their processing.</summary>
    public static async Task<OutgoingMessages> Handle(RunRetention _, IDocumentSession session, IOptions<PrivacyOptions> options, TimeProvider clock,
        CancellationToken ct)
    {
        var (_, erasures) = await RetentionJob.RunAsync(session, options.Value, clock.GetUtcNow(), ct);
        var messages = new OutgoingMessages();
        messages.AddRange(erasures);
        return messages;
    }
}

/// <summary>
/// Sends <see cref="RunRetention"/> to every clinic each <c>Privacy:RetentionInterval</c> (default daily; 00:00:00 turns
/// it off), on a timer of the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class RetentionScheduler(IServiceProvider services, TimeProvider clock, IOptions<PrivacyOptions> options,
    ILogger<RetentionScheduler> logger) : EveryClinicScheduler(services, clock, logger)
{
    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.RetentionInterval;

    /// <inheritdoc />
    protected override string JobName => "Retention job";

    /// <inheritdoc />
    protected override IEnumerable<object> MessagesPerClinic() => [new RunRetention()];
}
