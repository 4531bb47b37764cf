namespace ChiroClick.Api.Patients;

/// <summary>Settings of the periodic sweep (<see cref="LifecycleScheduler"/>), configuration section <c>Crm</c>; validated at start-up.</summary>
public sealed class LifecycleSweepOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Crm";

    /// <summary>Longest interval a timer takes (<see cref="PeriodicTimer"/> refuses more than about 49.7 days).</summary>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromDays(49);

    /// <summary>
    /// <c>Crm:LifecycleSweepInterval</c> (default 1 hour; 00:00:00 or less turns the sweep off, at most 49 days): how often the
    /// lifecycle sweep, offer expiry, workflow, campaign and reminder sweeps are sent to every clinic.
    /// </summary>
    public TimeSpan LifecycleSweepInterval { get; set; } = TimeSpan.FromHours(1);
}
