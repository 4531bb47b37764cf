using ChiroClick.Api.Access;

namespace ChiroClick.Api.Clinics;

/// <summary>
/// A periodic job for every registered clinic (every clinic with an API key): each <see cref="Interval"/> it invokes
/// <see cref="MessagesPerClinic"/>, in order, in each clinic's tenant, on timers of the injected <see cref="TimeProvider"/>.
/// A failed round is logged (exception only, no personal data) and the next round runs at the next interval.
/// </summary>
/// <param name="services">Root services: the store, and a scope per round for the message bus.</param>
/// <param name="clock">Clock of the timer (a fake one in tests).</param>
/// <param name="logger">Log of the rounds.</param>
public abstract class EveryClinicScheduler(IServiceProvider services, TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>Time between rounds; zero or less turns the job off (read once, at start).</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>Name of the job in log lines, e.g. "Retention job".</summary>
    protected abstract string JobName { get; }

    /// <summary>The commands one clinic gets per round, handled in this order.</summary>
    protected abstract IEnumerable<object> MessagesPerClinic();

    /// <summary>Runs one round now (the timer's work, also for tests and tools). Returns the number of clinics.</summary>
    public async Task<int> RunForEveryClinicAsync(CancellationToken ct)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        await using var query = store.QuerySession();
        var clinics = await ApiKeys.RegisteredClinicsAsync(query, ct);
        using var scope = services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        foreach (var clinic in clinics)
        foreach (var message in MessagesPerClinic())
            await bus.InvokeForTenantAsync(clinic.ToString(), message, ct);
        return clinics.Count;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = Interval;
        if (interval <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var n = await RunForEveryClinicAsync(stoppingToken);
                logger.LogInformation("{Job} ran for {Clinics} clinics", JobName, n);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "{Job} failed; it runs again at the next interval", JobName);
            }
        }
    }
}
