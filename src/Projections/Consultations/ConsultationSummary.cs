using ChiroClick.Domain.Consultations;

namespace ChiroClick.Projections.Consultations;

/// <summary>
/// A consultation as <c>GET /api/v1/consultations/{id}</c> shows it (inline): the transcript, its speaker turns, the
/// extraction drafts and, once one was accepted, the note, tasks and follow-up it made. Personal data: rebuilt from the
/// masked events on erasure.
/// </summary>
public sealed class ConsultationSummary
{
    /// <summary>Consultation id.</summary>
    public Guid Id { get; set; }
    /// <summary>Stream version.</summary>
    public int Version { get; set; }
    /// <summary>The patient.</summary>
    public Guid PatientId { get; set; }
    /// <summary>Appointment, or null.</summary>
    public Guid? AppointmentId { get; set; }
    /// <summary>Transcript format.</summary>
    public TranscriptFormat Format { get; set; }
    /// <summary>Language.</summary>
    public ConsultationLanguage Language { get; set; }
    /// <summary>When it was recorded.</summary>
    public DateTimeOffset RecordedAt { get; set; }
    /// <summary>Who recorded it.</summary>
    public string? RecordedBy { get; set; }
    /// <summary>The transcript as received.</summary>
    public string Transcript { get; set; } = "";
    /// <summary>Speaker turns.</summary>
    public IReadOnlyList<SpeakerTurn> Turns { get; set; } = [];
    /// <summary>Number of speaker turns.</summary>
    public int TurnCount { get; set; }
    /// <summary>Distinct speakers, in order of first appearance.</summary>
    public IReadOnlyList<string> Speakers { get; set; } = [];
    /// <summary>Extraction suggestions, oldest first.</summary>
    public List<Guid> SuggestionIds { get; set; } = [];
    /// <summary>The suggestion whose note was recorded, or null.</summary>
    public Guid? AppliedSuggestionId { get; set; }
    /// <summary>The visit note recorded from it, or null.</summary>
    public Guid? NoteId { get; set; }
    /// <summary>Staff tasks created from it.</summary>
    public IReadOnlyList<Guid> TaskIds { get; set; } = [];
    /// <summary>Follow-up task, or null.</summary>
    public Guid? FollowUpTaskId { get; set; }
}

/// <summary>Inline projection of <see cref="ConsultationSummary"/>.</summary>
public sealed class ConsultationSummaryProjection : SingleStreamProjection<ConsultationSummary, Guid>
{
    /// <summary>From the recording.</summary>
    public static ConsultationSummary Create(IEvent<ConsultationRecorded> e) => new()
    {
        Id = e.Data.ConsultationId, PatientId = e.Data.PatientId, AppointmentId = e.Data.AppointmentId, Format = e.Data.Format,
        Language = e.Data.Language, RecordedAt = e.Data.RecordedAt, RecordedBy = e.UserName, Transcript = e.Data.Transcript, Turns = e.Data.Turns,
        TurnCount = e.Data.Turns.Count,
        Speakers = e.Data.Turns.Where(t => t.Speaker is not null).Select(t => t.Speaker!).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
    };

    /// <summary>A draft.</summary>
    public static void Apply(ConsultationExtractionRequested e, ConsultationSummary s) => s.SuggestionIds.Add(e.SuggestionId);

    /// <summary>The note, tasks and follow-up.</summary>
    public static void Apply(ConsultationExtractionApplied e, ConsultationSummary s)
    {
        s.AppliedSuggestionId = e.SuggestionId;
        s.NoteId = e.NoteId;
        s.TaskIds = e.TaskIds;
        s.FollowUpTaskId = e.FollowUpTaskId;
    }
}
