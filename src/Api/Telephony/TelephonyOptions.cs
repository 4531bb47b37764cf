using System.ComponentModel.DataAnnotations;

namespace ChiroClick.Api.Telephony;

/// <summary>Configuration section <c>Telephony</c> (env: <c>Telephony__CallbackWithinMinutes</c>, ...), validated at start-up.</summary>
public sealed class TelephonyOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Telephony";

    /// <summary>
    /// Minutes within which a missed call is to be called back: the due time of the call-back task of the default
    /// <c>call_back</c> workflow (and of every call_task step without <c>dueInMinutes</c>). Default 120, 1..10080.
    /// </summary>
    [Range(1, 10080)]
    public int CallbackWithinMinutes { get; set; } = 120;

    /// <summary>When true, a missed inbound call from a number no patient or open lead has becomes a lead (source <c>phone</c>). Default false.</summary>
    public bool CaptureLeadsFromMissedCalls { get; set; }

    /// <summary>Seconds between heartbeat comments on an open screen-pop stream. Default 15, 1..300.</summary>
    [Range(1, 300)]
    public int ScreenPopHeartbeatSeconds { get; set; } = 15;

    /// <summary>Minutes of pushes kept for clients reconnecting with <c>Last-Event-ID</c> (and for the JSON answer). Default 5, 1..60.</summary>
    [Range(1, 60)]
    public int ScreenPopReplayMinutes { get; set; } = 5;

    /// <summary>
    /// Milliseconds between reads of the event store when no notification arrives (the safety net behind PostgreSQL
    /// LISTEN/NOTIFY, which normally wakes every API process at once). Default 1000, 50..60000.
    /// </summary>
    [Range(50, 60000)]
    public int ScreenPopPollMilliseconds { get; set; } = 1000;
}
