using ChiroClick.Domain.Patients;
using ChiroClick.Projections.Access;
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
    ILogger<LifecycleScheduler> logger) : BackgroundService
{
    /// <summary>Configuration key of the interval (<see cref="LifecycleSweepOptions.LifecycleSweepInterval"/>).</summary>
    public const string IntervalSetting = "Crm:LifecycleSweepInterval";

    /// <summary>Sends the sweep and the offer expiry to every clinic that has an API key (= every registered clinic). Returns the number of clinics.</summary>
    public async Task<int> SweepAllClinicsAsync(CancellationToken ct)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        await using var query = store.QuerySession();
        var clinics = (await query.Query<ApiKeyRecord>().Select(x => x.ClinicId).ToListAsync(ct)).Distinct().ToList();
        using var scope = services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        foreach (var clinic in clinics)
        {
            await bus.InvokeForTenantAsync(clinic.ToString(), new SweepLifecycle(), ct);
            await bus.InvokeForTenantAsync(clinic.ToString(), new ExpireWaitlistOffers(), ct);
            await bus.InvokeForTenantAsync(clinic.ToString(), new Workflows.SweepWorkflows(), ct);
            await bus.InvokeForTenantAsync(clinic.ToString(), new Campaigns.SweepCampaigns(), ct);
            await bus.InvokeForTenantAsync(clinic.ToString(), new Appointments.SweepAppointmentReminders(), ct);
        }
        return clinics.Count;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.LifecycleSweepInterval;
        if (interval <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var n = await SweepAllClinicsAsync(stoppingToken);
                logger.LogInformation("Lifecycle sweep ran for {Clinics} clinics", n);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Lifecycle sweep failed; it runs again at the next interval");
            }
        }
    }
}
