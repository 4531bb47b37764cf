using ChiroClick.Domain.Patients;
using ChiroClick.Projections.Patients;
using ChiroClick.Api.Clinics;
using ChiroClick.Api.Waitlist;

namespace ChiroClick.Api.Patients;

/// <summary>Command: apply the automatic lifecycle decay (see <see cref="LifecycleRules"/>) to every patient of the message's tenant (clinic).</summary>
// Stored message name from before the feature folders (durable envelopes of an existing database still carry it).
[Wolverine.Attributes.MessageIdentity("ChiroClick.Api.Crm.SweepLifecycle")]
public sealed record SweepLifecycle;

/// <summary>Wolverine handler of <see cref="SweepLifecycle"/>; "now" comes from the injected <see cref="TimeProvider"/>.</summary>
public static class SweepLifecycleHandler
{
    /// <summary>Appends the moves due now, in the message's tenant session (committed by Wolverine's transaction).</summary>
    public static async Task Handle(SweepLifecycle _, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        await LifecycleSweeper.SweepAsync(session, clock.GetUtcNow(), ct);
}

/// <summary>The sweep itself, shared by the handler and the Synthea import.</summary>
public static class LifecycleSweeper
{
    /// <summary>
    /// Queues (does not save) one LifecycleStageChanged per patient whose due stage at <paramref name="now"/>
    /// is further decayed than the current one, with the patient's version as expected version. Returns the moves.
    /// <paramref name="atDueTime"/>: record each move at the time it became due (imports of history, so workflows see
    /// them as backdated), instead of <paramref name="now"/>.
    /// </summary>
    public static async Task<IReadOnlyList<LifecycleStageChanged>> SweepAsync(IDocumentSession session, DateTimeOffset now, CancellationToken ct,
        bool atDueTime = false)
    {
        var settings = await ClinicSettingsStore.ForSessionAsync(session, ct);
        var candidates = await session.Query<PatientSummary>()
            .Where(x => x.LastVisitAt != null && x.Stage != LifecycleStage.New && x.Stage != LifecycleStage.Lost)
            .Select(x => new SweepCandidate(x.Id, x.Version, x.Stage, x.LastVisitAt))
            .ToListAsync(ct);
        var moves = new List<LifecycleStageChanged>();
        foreach (var p in candidates)
        {
            if (LifecycleRules.Decay(p.Id, p.Stage, p.LastVisitAt, now, settings.CheckInFrequencyDays, atDueTime) is not { } move) continue;
            session.Events.Append(p.Id, p.Version + 1, move);
            moves.Add(move);
        }
        return moves;
    }

    private sealed record SweepCandidate(Guid Id, int Version, LifecycleStage Stage, DateTimeOffset? LastVisitAt);
}

/// <summary>
/// Sends <see cref="SweepLifecycle"/>, <see cref="ExpireWaitlistOffers"/>, <see cref="Workflows.SweepWorkflows"/>, <see cref="Campaigns.SweepCampaigns"/> and <see cref="Appointments.SweepAppointmentReminders"/> to every clinic each <c>Crm:LifecycleSweepInterval</c> (default 1 hour;
/// 00:00:00 turns it off), on timers of the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class LifecycleScheduler(IServiceProvider services, TimeProvider clock, IOptions<LifecycleSweepOptions> options,
    ILogger<LifecycleScheduler> logger) : EveryClinicScheduler(services, clock, logger)
{
    /// <summary>Configuration key of the interval (<see cref="LifecycleSweepOptions.LifecycleSweepInterval"/>).</summary>
    public const string IntervalSetting = "Crm:LifecycleSweepInterval";

    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.LifecycleSweepInterval;

    /// <inheritdoc />
    protected override string JobName => "Lifecycle sweep";

    /// <inheritdoc />
    protected override IEnumerable<object> MessagesPerClinic() =>
    [
        new SweepLifecycle(), new ExpireWaitlistOffers(), new Workflows.SweepWorkflows(), new Campaigns.SweepCampaigns(),
        new Appointments.SweepAppointmentReminders(),
    ];
}
