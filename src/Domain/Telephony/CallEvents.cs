namespace ChiroClick.Domain.Telephony;

/// <summary>Which way a call goes, seen from the clinic. Wire names <c>inbound</c>, <c>outbound</c>.</summary>
public enum CallDirection
{
    /// <summary>Someone called the clinic.</summary>
    Inbound,
    /// <summary>The clinic called someone.</summary>
    Outbound,
}

/// <summary>What the phone system reports about a call. Wire names <c>ringing</c>, <c>answered</c>, <c>ended</c>, <c>missed</c>, <c>voicemail</c>.</summary>
public enum CallEventKind
{
    /// <summary>The call rings (inbound: at the clinic; outbound: at the other end).</summary>
    Ringing,
    /// <summary>Someone picked up.</summary>
    Answered,
    /// <summary>The call ended (after being answered, or after a voicemail).</summary>
    Ended,
    /// <summary>Nobody picked up.</summary>
    Missed,
    /// <summary>Nobody picked up and the caller left a voicemail.</summary>
    Voicemail,
}

/// <summary>How a call turned out, as the call log filters it. Wire names <c>answered</c>, <c>missed</c>, <c>voicemail</c>.</summary>
public enum CallOutcome
{
    /// <summary>Answered.</summary>
    Answered,
    /// <summary>Not answered, no message.</summary>
    Missed,
    /// <summary>Not answered, the caller left a voicemail.</summary>
    Voicemail,
}

/// <summary>Who recorded the call: the clinic's phone system (webhook or integration key) or staff logging a call by hand.</summary>
public enum CallSource
{
    /// <summary>The phone system's own events.</summary>
    PhoneSystem,
    /// <summary>Staff logged an outbound attempt (<c>POST /api/v1/telephony/calls</c>).</summary>
    Staff,
}

/// <summary>What a call note says came of the call. Wire names <c>booked</c>, <c>information</c>, <c>callback</c>, <c>other</c>.</summary>
public enum CallNoteOutcome
{
    /// <summary>An appointment was booked.</summary>
    Booked,
    /// <summary>The caller got information.</summary>
    Information,
    /// <summary>The clinic must call back.</summary>
    Callback,
    /// <summary>Anything else.</summary>
    Other,
}

/// <summary>
/// A call was recorded for the first time. Starts the call stream, whose id is UUIDv5(clinic, "call:" + the phone system's
/// call id), or a random id for a call staff logged by hand. Carries the caller match at that moment.
/// </summary>
/// <param name="CallId">Stream id.</param>
/// <param name="ExternalCallId">The phone system's call id, or null for a call logged by staff.</param>
/// <param name="Direction">inbound or outbound.</param>
/// <param name="From">Calling number as sent (personal data).</param>
/// <param name="To">Called number as sent (personal data).</param>
/// <param name="Number">The other party's number (from for inbound, to for outbound) in E.164 when it is a valid number, else as sent.</param>
/// <param name="At">When the call started, by the phone system's clock.</param>
/// <param name="PatientIds">Patients with that number, best match first.</param>
/// <param name="LeadIds">Open leads with that number, best match first.</param>
/// <param name="Source">phone_system or staff.</param>
public sealed record CallLogged(Guid CallId, string? ExternalCallId, CallDirection Direction, string? From, string? To, string Number,
    DateTimeOffset At, IReadOnlyList<Guid> PatientIds, IReadOnlyList<Guid> LeadIds, CallSource Source);

/// <summary>The phone system reported the call ringing.</summary>
/// <param name="CallId">Call stream.</param>
/// <param name="At">When (phone system's clock).</param>
public sealed record CallRinging(Guid CallId, DateTimeOffset At);

/// <summary>The call was answered.</summary>
/// <param name="CallId">Call stream.</param>
/// <param name="At">When.</param>
public sealed record CallAnswered(Guid CallId, DateTimeOffset At);

/// <summary>The call ended.</summary>
/// <param name="CallId">Call stream.</param>
/// <param name="At">When.</param>
/// <param name="DurationSeconds">Talk time in seconds as the phone system measured it, or null.</param>
public sealed record CallEnded(Guid CallId, DateTimeOffset At, int? DurationSeconds);

/// <summary>Nobody answered.</summary>
/// <param name="CallId">Call stream.</param>
/// <param name="At">When the ringing stopped.</param>
public sealed record CallMissed(Guid CallId, DateTimeOffset At);

/// <summary>Nobody answered and the caller left a voicemail.</summary>
/// <param name="CallId">Call stream.</param>
/// <param name="At">When.</param>
/// <param name="DurationSeconds">Length of the message in seconds, or null.</param>
public sealed record CallVoicemailLeft(Guid CallId, DateTimeOffset At, int? DurationSeconds);

/// <summary>The phone system sent a transcript of the call (or of its voicemail); kept with the call (personal data).</summary>
/// <param name="CallId">Call stream.</param>
/// <param name="Transcript">The text.</param>
/// <param name="At">Time of the phone event that carried it.</param>
public sealed record CallTranscriptReceived(Guid CallId, string Transcript, DateTimeOffset At);

/// <summary>The call was attributed to further patients or leads after it was logged (a lead captured from the missed call).</summary>
/// <param name="CallId">Call stream.</param>
/// <param name="PatientIds">Patients added.</param>
/// <param name="LeadIds">Leads added.</param>
public sealed record CallerMatched(Guid CallId, IReadOnlyList<Guid> PatientIds, IReadOnlyList<Guid> LeadIds);

/// <summary>Staff wrote a note about the call.</summary>
/// <param name="CallId">Call stream.</param>
/// <param name="NoteId">Note id.</param>
/// <param name="Text">The note (personal data).</param>
/// <param name="Outcome">What came of the call, or null.</param>
/// <param name="At">When it was written.</param>
public sealed record CallNoteAdded(Guid CallId, Guid NoteId, string Text, CallNoteOutcome? Outcome, DateTimeOffset At);

/// <summary>A missed inbound call was called back: an outbound call to the same number was answered afterwards.</summary>
/// <param name="CallId">The missed call's stream.</param>
/// <param name="CallbackCallId">The answered outbound call.</param>
/// <param name="At">When the call-back was answered.</param>
public sealed record CallCalledBack(Guid CallId, Guid CallbackCallId, DateTimeOffset At);
