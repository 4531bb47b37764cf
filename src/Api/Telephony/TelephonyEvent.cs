using ChiroClick.Domain.Telephony;

namespace ChiroClick.Api.Telephony;

/// <summary>
/// Body of <c>POST /api/v1/telephony/events</c> and of the signed <c>POST /api/v1/webhooks/{clinicId}/telephony</c>: one event of a
/// call as the clinic's phone system reports it.
/// </summary>
/// <param name="CallId">The phone system's id of the call (required, at most 200 characters); the same id on every event of a call.</param>
/// <param name="Event">ringing, answered, ended, missed or voicemail.</param>
/// <param name="From">Calling number, any spelling ("+47 99 88 77 66", "99887766"); a hidden number may be any text such as "anonymous".</param>
/// <param name="To">Called number.</param>
/// <param name="Direction">inbound (someone calls the clinic) or outbound (the clinic calls).</param>
/// <param name="At">When it happened (ISO 8601; at most 5 minutes ahead of the server's clock).</param>
/// <param name="DurationSeconds">ended: talk time; voicemail: message length; 0..86400 seconds.</param>
/// <param name="Transcript">A transcript of the call or its voicemail, kept with the call (at most 100,000 characters).</param>
public sealed record TelephonyEvent(string? CallId, CallEventKind? Event, string? From, string? To, CallDirection? Direction, DateTimeOffset? At,
    int? DurationSeconds = null, string? Transcript = null)
{
    /// <summary>Longest call id accepted.</summary>
    public const int MaxCallIdLength = 200;

    /// <summary>How far ahead of the server's clock <see cref="At"/> may be (phone systems' clocks drift).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Field errors (400), empty when valid.</summary>
    public Dictionary<string, string[]> Check(DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(CallId)) errors.Add("callId", "callId is required.");
        else if (CallId.Trim().Length > MaxCallIdLength) errors.Add("callId", $"callId is at most {MaxCallIdLength} characters.");
        if (Event is null) errors.Add("event", $"event is required: one of {Infrastructure.ChiroJson.Known<CallEventKind>()}.");
        if (Direction is null) errors.Add("direction", "direction is required: inbound or outbound.");
        if (string.IsNullOrWhiteSpace(From)) errors.Add("from", "from is required (the calling number, or e.g. \"anonymous\").");
        if (string.IsNullOrWhiteSpace(To)) errors.Add("to", "to is required (the called number).");
        if (At is null) errors.Add("at", "at is required (ISO 8601).");
        else if (At.Value > now + ClockSkew) errors.Add("at", "at is in the future.");
        else if (At.Value.Year < 2000) errors.Add("at", "at is before the year 2000.");
        if (DurationSeconds is < 0 or > 86_400) errors.Add("durationSeconds", "durationSeconds is 0..86400.");
        return errors;
    }

    /// <summary>The validated event for <see cref="CallDecisions.Record"/>.</summary>
    public PhoneEvent ToPhoneEvent() =>
        new(CallId!.Trim(), Event!.Value, From!.Trim(), To!.Trim(), Direction!.Value, At!.Value, DurationSeconds, Transcript);

    /// <summary>The other party's number as sent: the caller of an inbound call, the called number of an outbound one.</summary>
    public string Counterpart => Direction == CallDirection.Outbound ? To!.Trim() : From!.Trim();
}

/// <summary>Answer to a recorded call event (200).</summary>
/// <param name="Id">The call's id in the call log (<c>/api/v1/telephony/calls/{id}</c>).</param>
/// <param name="CallId">The phone system's call id.</param>
/// <param name="Event">The event received.</param>
/// <param name="Duplicate">True when this event of this call was recorded before: nothing was appended.</param>
/// <param name="Match">Who the call is from (inbound) or to (outbound): patient, lead or unknown (the best candidate).</param>
/// <param name="MatchId">The patient's or lead's id, or null.</param>
public sealed record CallEventRecorded(Guid Id, string CallId, CallEventKind Event, bool Duplicate, CallerKind Match, Guid? MatchId);
