namespace ChiroClick.Domain.Telephony;

/// <summary>
/// Call aggregate (the write model, also kept as an inline snapshot): which phone events were received, so a repeated event
/// appends nothing, and whether the call was answered, missed or called back.
/// </summary>
/// <param name="Id">Stream id.</param>
/// <param name="Version">Stream version.</param>
/// <param name="ExternalCallId">The phone system's call id, or null for a call staff logged.</param>
/// <param name="Direction">inbound or outbound.</param>
/// <param name="Number">The other party's number (E.164 when valid).</param>
/// <param name="StartedAt">When the call started.</param>
/// <param name="Received">Phone events received so far.</param>
/// <param name="AnsweredAt">When it was answered, or null.</param>
/// <param name="MissedAt">When it was missed (or the voicemail left), or null.</param>
/// <param name="HasTranscript">Whether a transcript is kept.</param>
/// <param name="CalledBackAt">When a missed call was called back, or null.</param>
/// <param name="PatientIds">Patients the call is attributed to.</param>
/// <param name="LeadIds">Leads the call is attributed to.</param>
public sealed record Call(Guid Id, int Version, string? ExternalCallId, CallDirection Direction, string Number, DateTimeOffset StartedAt,
    IReadOnlyList<CallEventKind> Received, DateTimeOffset? AnsweredAt, DateTimeOffset? MissedAt, bool HasTranscript, DateTimeOffset? CalledBackAt,
    IReadOnlyList<Guid> PatientIds, IReadOnlyList<Guid> LeadIds)
{
    /// <summary>From its first record.</summary>
    public static Call Create(CallLogged e) =>
        new(e.CallId, 1, e.ExternalCallId, e.Direction, e.Number, e.At, [], null, null, false, null, e.PatientIds, e.LeadIds);

    /// <summary>Ringing received.</summary>
    public Call Apply(CallRinging e) => this with { Received = [.. Received, CallEventKind.Ringing] };

    /// <summary>Answered.</summary>
    public Call Apply(CallAnswered e) => this with { Received = [.. Received, CallEventKind.Answered], AnsweredAt = e.At };

    /// <summary>Ended.</summary>
    public Call Apply(CallEnded e) => this with { Received = [.. Received, CallEventKind.Ended] };

    /// <summary>Missed.</summary>
    public Call Apply(CallMissed e) => this with { Received = [.. Received, CallEventKind.Missed], MissedAt = MissedAt ?? e.At };

    /// <summary>Voicemail left (a missed call too).</summary>
    public Call Apply(CallVoicemailLeft e) => this with { Received = [.. Received, CallEventKind.Voicemail], MissedAt = MissedAt ?? e.At };

    /// <summary>Transcript kept.</summary>
    public Call Apply(CallTranscriptReceived e) => this with { HasTranscript = true };

    /// <summary>More subjects.</summary>
    public Call Apply(CallerMatched e) => this with
    {
        PatientIds = [.. PatientIds, .. e.PatientIds.Except(PatientIds)], LeadIds = [.. LeadIds, .. e.LeadIds.Except(LeadIds)],
    };

    /// <summary>Called back.</summary>
    public Call Apply(CallCalledBack e) => this with { CalledBackAt = e.At };

    /// <summary>
    /// A note changes nothing the decisions read; the method exists so every event of the stream is the aggregate's, and a daemon
    /// rebuild (which only reads the event types an aggregate handles) ends at the same version as the inline snapshot.
    /// </summary>
    public Call Apply(CallNoteAdded e) => this;

    /// <summary>Whether the call was missed (or went to voicemail) and never answered.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Unanswered => MissedAt is not null && AnsweredAt is null;
}
