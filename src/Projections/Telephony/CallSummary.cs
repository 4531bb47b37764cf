using ChiroClick.Domain.Telephony;

namespace ChiroClick.Projections.Telephony;

/// <summary>A note on a call.</summary>
/// <param name="Id">Note id.</param>
/// <param name="Text">The note.</param>
/// <param name="Outcome">booked, information, callback, other, or null.</param>
/// <param name="At">When it was written.</param>
/// <param name="By">The API key's user who wrote it.</param>
public sealed record CallNote(Guid Id, string Text, CallNoteOutcome? Outcome, DateTimeOffset At, string? By);

/// <summary>
/// Read model of one call for the call log, the screen pop and the call-back bookkeeping. Inline (same transaction as the
/// events). Times are the phone system's (<c>at</c> of each event); <see cref="LoggedAt"/> is the event timestamp.
/// </summary>
public sealed class CallSummary
{
    /// <summary>Call id (= stream id); the <c>{id}</c> of <c>/api/v1/telephony/calls/{id}</c>.</summary>
    public Guid Id { get; set; }
    /// <summary>Stream version.</summary>
    public int Version { get; set; }
    /// <summary>The phone system's call id, or null for an attempt staff logged.</summary>
    public string? CallId { get; set; }
    /// <summary>inbound or outbound.</summary>
    public CallDirection Direction { get; set; }
    /// <summary>phone_system or staff.</summary>
    public CallSource Source { get; set; }
    /// <summary>Calling number as sent, or null.</summary>
    public string? From { get; set; }
    /// <summary>Called number as sent, or null.</summary>
    public string? To { get; set; }
    /// <summary>The other party's number: E.164 (+4799887766) when valid, else as sent.</summary>
    public string Number { get; set; } = "";
    /// <summary>Patients the call is attributed to (the caller match), best first.</summary>
    public List<Guid> PatientIds { get; set; } = new();
    /// <summary>Leads the call is attributed to, best first.</summary>
    public List<Guid> LeadIds { get; set; } = new();
    /// <summary>When the call started (phone system's clock).</summary>
    public DateTimeOffset StartedAt { get; set; }
    /// <summary>When it was answered, or null.</summary>
    public DateTimeOffset? AnsweredAt { get; set; }
    /// <summary>When it ended, or null.</summary>
    public DateTimeOffset? EndedAt { get; set; }
    /// <summary>When it was missed or the voicemail left, or null.</summary>
    public DateTimeOffset? MissedAt { get; set; }
    /// <summary>answered, missed, voicemail; null while it rings or for an attempt without a reported outcome.</summary>
    public CallOutcome? Outcome { get; set; }
    /// <summary>Talk time (or voicemail length) in seconds, when reported.</summary>
    public int? DurationSeconds { get; set; }
    /// <summary>The transcript the phone system sent, or null.</summary>
    public string? Transcript { get; set; }
    /// <summary>Staff notes, oldest first.</summary>
    public List<CallNote> Notes { get; set; } = new();
    /// <summary>When a missed inbound call was called back (an answered outbound call to the number), or null.</summary>
    public DateTimeOffset? CalledBackAt { get; set; }
    /// <summary>The outbound call that called it back, or null.</summary>
    public Guid? CallbackCallId { get; set; }
    /// <summary>The API key's user who logged it (webhook for the signed phone-system webhook).</summary>
    public string? LoggedBy { get; set; }
    /// <summary>When it was first recorded (event timestamp).</summary>
    public DateTimeOffset LoggedAt { get; set; }
}

/// <summary>Inline single-stream projection building <see cref="CallSummary"/>.</summary>
public sealed class CallSummaryProjection : SingleStreamProjection<CallSummary, Guid>
{
    /// <summary>Starts the summary.</summary>
    public static CallSummary Create(IEvent<CallLogged> e) => new()
    {
        Id = e.Data.CallId, CallId = e.Data.ExternalCallId, Direction = e.Data.Direction, Source = e.Data.Source, From = e.Data.From, To = e.Data.To,
        Number = e.Data.Number, PatientIds = [.. e.Data.PatientIds], LeadIds = [.. e.Data.LeadIds], StartedAt = e.Data.At, LoggedBy = e.UserName,
        LoggedAt = e.Timestamp,
    };

    /// <summary>
    /// Ringing adds nothing to the summary (the start is the first event's time); handled so that a daemon rebuild, which reads only the
    /// event types a projection handles, ends at the same version as the inline document.
    /// </summary>
    public static void Apply(CallRinging e, CallSummary s) { }

    /// <summary>Answered.</summary>
    public static void Apply(CallAnswered e, CallSummary s)
    {
        s.AnsweredAt = e.At;
        s.Outcome = CallOutcome.Answered;
    }

    /// <summary>Ended.</summary>
    public static void Apply(CallEnded e, CallSummary s)
    {
        s.EndedAt = e.At;
        s.DurationSeconds = e.DurationSeconds ?? s.DurationSeconds;
    }

    /// <summary>Missed (an answered call stays answered).</summary>
    public static void Apply(CallMissed e, CallSummary s)
    {
        s.MissedAt ??= e.At;
        if (s.Outcome is null) s.Outcome = CallOutcome.Missed;
    }

    /// <summary>Voicemail.</summary>
    public static void Apply(CallVoicemailLeft e, CallSummary s)
    {
        s.MissedAt ??= e.At;
        if (s.Outcome is not CallOutcome.Answered) s.Outcome = CallOutcome.Voicemail;
        s.DurationSeconds = e.DurationSeconds ?? s.DurationSeconds;
    }

    /// <summary>Transcript kept.</summary>
    public static void Apply(CallTranscriptReceived e, CallSummary s) => s.Transcript = e.Transcript;

    /// <summary>More subjects.</summary>
    public static void Apply(CallerMatched e, CallSummary s)
    {
        s.PatientIds.AddRange(e.PatientIds.Except(s.PatientIds));
        s.LeadIds.AddRange(e.LeadIds.Except(s.LeadIds));
    }

    /// <summary>A note.</summary>
    public static void Apply(IEvent<CallNoteAdded> e, CallSummary s) =>
        s.Notes.Add(new CallNote(e.Data.NoteId, e.Data.Text, e.Data.Outcome, e.Data.At, e.UserName));

    /// <summary>Called back.</summary>
    public static void Apply(CallCalledBack e, CallSummary s)
    {
        s.CalledBackAt = e.At;
        s.CallbackCallId = e.CallbackCallId;
    }
}
