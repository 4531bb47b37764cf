using ChiroClick.Domain.Common;

namespace ChiroClick.Domain.Consultations;

/// <summary>What carrying out an accepted extraction produces: the consultation's own event and the ids of the effects.</summary>
/// <param name="Applied">The event for the consultation stream.</param>
/// <param name="Extraction">The extraction to carry out.</param>
public sealed record ExtractionEffects(ConsultationExtractionApplied Applied, ClinicalExtraction Extraction);

/// <summary>Pure decisions for consultations: the events to append or the reason to refuse. No I/O, no clock.</summary>
public static class ConsultationDecisions
{
    /// <summary>Longest transcript accepted, in UTF-16 characters (about three hours of speech).</summary>
    public const int MaxTranscriptLength = 200_000;

    /// <summary>Records a transcript: parses it into speaker turns; 400 when it cannot be read.</summary>
    public static Decision Record(Guid id, Guid patientId, Guid? appointmentId, string transcript, TranscriptFormat format,
        ConsultationLanguage language, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(transcript)) return DomainError.Invalid("transcript is required.");
        if (transcript.Length > MaxTranscriptLength) return DomainError.Invalid($"transcript is longer than {MaxTranscriptLength} characters.");
        var parsed = TranscriptParser.Parse(transcript, format);
        if (parsed.Error is { } error) return DomainError.Invalid(error);
        return Decision.Append(new ConsultationRecorded(id, patientId, appointmentId, format, language, transcript, parsed.Turns, now));
    }

    /// <summary>Links a drafted extraction to the consultation.</summary>
    public static Decision RequestExtraction(Consultation consultation, Guid suggestionId, DateTimeOffset now) =>
        consultation.AppliedSuggestionId is { } applied
            ? DomainError.Conflict($"Consultation {consultation.Id} already has its note (from suggestion {applied}).")
            : Decision.Append(new ConsultationExtractionRequested(consultation.Id, suggestionId, now));

    /// <summary>
    /// Carries out an accepted or modified extraction once: null when the consultation already has its note or the
    /// suggestion is not one of its drafts (a redelivered decision, or a draft of another consultation). Ids come from
    /// <paramref name="idOf"/> (deterministic in the caller), keyed "note", "task:{n}" and "follow-up".
    /// </summary>
    public static ExtractionEffects? ApplyExtraction(Consultation consultation, Guid suggestionId, ClinicalExtraction extraction,
        Func<string, Guid> idOf, DateTimeOffset now)
    {
        if (consultation.AppliedSuggestionId is not null || !consultation.SuggestionIds.Contains(suggestionId)) return null;
        var tasks = extraction.Tasks.Select((_, i) => idOf($"task:{i}")).ToList();
        Guid? followUp = extraction.FollowUp is null ? null : idOf("follow-up");
        return new ExtractionEffects(
            new ConsultationExtractionApplied(consultation.Id, suggestionId, idOf("note"), tasks, followUp, now), extraction);
    }
}
