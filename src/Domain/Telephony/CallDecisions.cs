using ChiroClick.Domain.Common;

namespace ChiroClick.Domain.Telephony;

/// <summary>One event as the phone system reports it (validated input of <see cref="CallDecisions.Record"/>).</summary>
/// <param name="ExternalCallId">The phone system's call id.</param>
/// <param name="Event">What happened.</param>
/// <param name="From">Calling number as sent.</param>
/// <param name="To">Called number as sent.</param>
/// <param name="Direction">inbound or outbound.</param>
/// <param name="At">When, by the phone system's clock.</param>
/// <param name="DurationSeconds">Talk or message time, or null.</param>
/// <param name="Transcript">Transcript, or null.</param>
public sealed record PhoneEvent(string ExternalCallId, CallEventKind Event, string From, string To, CallDirection Direction, DateTimeOffset At,
    int? DurationSeconds, string? Transcript);

/// <summary>The caller match of a number: the number itself (E.164 when valid) and the patients and leads that have it, best first.</summary>
/// <param name="Number">The other party's number.</param>
/// <param name="PatientIds">Matching patients.</param>
/// <param name="LeadIds">Matching open leads.</param>
public sealed record CallerMatch(string Number, IReadOnlyList<Guid> PatientIds, IReadOnlyList<Guid> LeadIds)
{
    /// <summary>True when nobody has the number.</summary>
    public bool Unknown => PatientIds.Count == 0 && LeadIds.Count == 0;
}

/// <summary>Pure decisions on calls: given the call (or none yet) and what happened, the events to append. No I/O, no clock.</summary>
public static class CallDecisions
{
    /// <summary>
    /// Records a phone event. The first event of a call starts its stream with <see cref="CallLogged"/> (carrying the caller match).
    /// The same (call, event) twice appends nothing, so phone-system retries and redelivered webhooks are harmless; a missed or
    /// voicemail report for a call that was answered appends nothing either. A transcript is kept once, with the event that carried it.
    /// </summary>
    public static IReadOnlyList<object> Record(Call? call, Guid id, PhoneEvent input, CallerMatch match)
    {
        var events = new List<object>();
        if (call is null)
            events.Add(new CallLogged(id, input.ExternalCallId, input.Direction, input.From, input.To, match.Number, input.At,
                match.PatientIds, match.LeadIds, CallSource.PhoneSystem));
        else if (call.Received.Contains(input.Event) || (input.Event is CallEventKind.Missed or CallEventKind.Voicemail && call.AnsweredAt is not null))
            return [];
        events.Add(input.Event switch
        {
            CallEventKind.Ringing => new CallRinging(id, input.At),
            CallEventKind.Answered => new CallAnswered(id, input.At),
            CallEventKind.Ended => new CallEnded(id, input.At, input.DurationSeconds),
            CallEventKind.Missed => new CallMissed(id, input.At),
            _ => new CallVoicemailLeft(id, input.At, input.DurationSeconds),
        });
        if (!string.IsNullOrWhiteSpace(input.Transcript) && call?.HasTranscript != true)
            events.Add(new CallTranscriptReceived(id, input.Transcript.Trim(), input.At));
        return events;
    }

    /// <summary>An outbound attempt logged by staff: a call of its own, to <paramref name="match"/>'s number.</summary>
    public static CallLogged LogOutbound(Guid id, CallerMatch match, DateTimeOffset at) =>
        new(id, null, CallDirection.Outbound, null, match.Number, match.Number, at, match.PatientIds, match.LeadIds, CallSource.Staff);

    /// <summary>A note on the call; the text is required.</summary>
    public static Decision AddNote(Call call, Guid noteId, string? text, CallNoteOutcome? outcome, DateTimeOffset at) =>
        string.IsNullOrWhiteSpace(text)
            ? DomainError.Invalid("text is required.")
            : Decision.Append(new CallNoteAdded(call.Id, noteId, text.Trim(), outcome, at));

    /// <summary>
    /// An answered outbound call (<paramref name="callbackId"/>) to a missed caller's number: the missed call is called back once.
    /// Nothing for a call that was answered, never missed, already called back, or that started after the call-back.
    /// </summary>
    public static IReadOnlyList<object> CalledBack(Call missed, Guid callbackId, DateTimeOffset at) =>
        missed is { Direction: CallDirection.Inbound, Unanswered: true, CalledBackAt: null } && missed.StartedAt <= at
            ? [new CallCalledBack(missed.Id, callbackId, at)]
            : [];

    /// <summary>A lead captured from the call: attributed to it unless it already is.</summary>
    public static IReadOnlyList<object> AttributeLead(Call call, Guid leadId) =>
        call.LeadIds.Contains(leadId) ? [] : [new CallerMatched(call.Id, [], [leadId])];
}
