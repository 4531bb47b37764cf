namespace ChiroClick.Domain.Assistant;

/// <summary>
/// Where a piece of the clinic's knowledge comes from. Serialised snake_case. Clinical sources (everything but
/// clinic_document) are searched only for roles clinician and admin.
/// </summary>
public enum KnowledgeSourceType
{
    /// <summary>A visit note on a patient's record (VisitNoteRecorded), including notes from accepted consultation extractions.</summary>
    VisitNote,
    /// <summary>A consultation transcript (ConsultationRecorded).</summary>
    Consultation,
    /// <summary>A clinic document: exercise sheet, routine, price list (ClinicDocumentAdded).</summary>
    ClinicDocument,
    /// <summary>The transcript of a phone call.</summary>
    CallTranscript,
}
