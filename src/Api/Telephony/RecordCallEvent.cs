namespace ChiroClick.Api.Telephony;

/// <summary><c>POST /api/v1/telephony/events</c>: a call event from the clinic's phone system, with an integration (or admin) key.</summary>
public static class RecordCallEventEndpoint
{
    /// <summary>400 for a missing call id, event, direction, number or time, a time in the future or a negative duration.</summary>
    public static ProblemDetails Validate(TelephonyEvent e, TimeProvider clock) => Problems.Validation(e.Check(clock.GetUtcNow()));

    /// <summary>
    /// Appends CallRinging, CallAnswered, CallEnded, CallMissed or CallVoicemailLeft on the call's stream (the first event of a call
    /// also CallLogged with the caller match; a transcript CallTranscriptReceived). 200 <see cref="CallEventRecorded"/>; the same
    /// (callId, event) again appends nothing and answers <c>duplicate: true</c>.
    /// </summary>
    [WolverinePost("/api/v1/telephony/events", OperationId = "recordCallEvent", Summary = "Record a call event from the phone system")]
    [ProducesResponseType<CallEventRecorded>(200)]
    public static async Task<IResult> Post(TelephonyEvent e, IDocumentSession session, IOptions<TelephonyOptions> options, CancellationToken ct) =>
        Results.Ok(await CallRecorder.RecordAsync(session, e, options.Value, ct));
}
