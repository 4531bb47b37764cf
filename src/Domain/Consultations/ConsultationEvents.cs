namespace ChiroClick.Domain.Consultations;

/// <summary>How a transcript is written. Serialised snake_case: text, webvtt, srt.</summary>
public enum TranscriptFormat
{
    /// <summary>Plain text; lines "Speaker: words" become turns, other lines continue the previous turn.</summary>
    Text,
    /// <summary>WebVTT (W3C): cues with timings, speakers from <c>&lt;v Name&gt;</c> voice spans or a "Name:" prefix.</summary>
    Webvtt,
    /// <summary>SubRip (.srt): numbered cues with timings, speakers from a "Name:" prefix.</summary>
    Srt,
}

/// <summary>Language of a consultation: Norwegian bokmål, Norwegian nynorsk or English. Serialised nb, nn, en.</summary>
public enum ConsultationLanguage
{
    /// <summary>Norwegian bokmål.</summary>
    Nb,
    /// <summary>Norwegian nynorsk.</summary>
    Nn,
    /// <summary>English.</summary>
    En,
}

/// <summary>One speaker turn of a transcript.</summary>
/// <param name="Speaker">Who spoke ("Doctor", "Pasient"), or null when the transcript does not say.</param>
/// <param name="Text">What was said (cue text without markup, consecutive cues of one speaker joined).</param>
/// <param name="StartSeconds">Start of the turn in seconds from the recording's start (WebVTT/SRT), else null.</param>
/// <param name="EndSeconds">End of the turn in seconds, else null.</param>
public sealed record SpeakerTurn(string? Speaker, string Text, double? StartSeconds, double? EndSeconds);

/// <summary>Marker for every event of a consultation stream.</summary>
public interface IConsultationEvent
{
    /// <summary>The consultation's id (= its stream id).</summary>
    Guid ConsultationId { get; }
}

/// <summary>A consultation transcript was recorded for a patient. Starts the consultation stream.</summary>
/// <param name="ConsultationId">Stream id.</param>
/// <param name="PatientId">The patient.</param>
/// <param name="AppointmentId">The appointment it belongs to, or null.</param>
/// <param name="Format">How the transcript was written.</param>
/// <param name="Language">Language spoken.</param>
/// <param name="Transcript">The transcript as received (personal data; masked on erasure).</param>
/// <param name="Turns">Speaker turns parsed from it (<see cref="TranscriptParser"/>).</param>
/// <param name="RecordedAt">When it was recorded (business time).</param>
public sealed record ConsultationRecorded(
    Guid ConsultationId,
    Guid PatientId,
    Guid? AppointmentId,
    TranscriptFormat Format,
    ConsultationLanguage Language,
    string Transcript,
    IReadOnlyList<SpeakerTurn> Turns,
    DateTimeOffset RecordedAt) : IConsultationEvent;

/// <summary>
/// A structured note was drafted from the transcript by the AI task <c>consultation_extraction</c>; the draft is the
/// suggestion <paramref name="SuggestionId"/>, which the clinician accepts, modifies or rejects.
/// </summary>
/// <param name="ConsultationId">Consultation.</param>
/// <param name="SuggestionId">The AI suggestion holding the draft.</param>
/// <param name="RequestedAt">When.</param>
public sealed record ConsultationExtractionRequested(Guid ConsultationId, Guid SuggestionId, DateTimeOffset RequestedAt) : IConsultationEvent;

/// <summary>
/// An accepted (or modified) extraction was carried out: the visit note, the staff tasks and the follow-up it asked for
/// were sent to the features that own them, with these deterministic ids.
/// </summary>
/// <param name="ConsultationId">Consultation.</param>
/// <param name="SuggestionId">The decided suggestion.</param>
/// <param name="NoteId">Id of the VisitNoteRecorded on the patient's stream.</param>
/// <param name="TaskIds">Ids of the staff tasks created, in the order of the extraction's tasks.</param>
/// <param name="FollowUpTaskId">Id of the follow-up task, or null when the extraction planned none.</param>
/// <param name="AppliedAt">When.</param>
public sealed record ConsultationExtractionApplied(Guid ConsultationId, Guid SuggestionId, Guid NoteId, IReadOnlyList<Guid> TaskIds,
    Guid? FollowUpTaskId, DateTimeOffset AppliedAt) : IConsultationEvent;
