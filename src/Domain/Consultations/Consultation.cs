namespace ChiroClick.Domain.Consultations;

/// <summary>The consultation aggregate: what the extraction decisions need, rebuilt from its events.</summary>
/// <param name="Id">Consultation id.</param>
/// <param name="PatientId">The patient.</param>
/// <param name="AppointmentId">Appointment, or null.</param>
/// <param name="Language">Language spoken.</param>
/// <param name="Turns">Speaker turns.</param>
/// <param name="SuggestionIds">Extraction suggestions drafted so far.</param>
/// <param name="AppliedSuggestionId">The suggestion whose note was recorded, or null.</param>
public sealed record Consultation(Guid Id, Guid PatientId, Guid? AppointmentId, ConsultationLanguage Language, IReadOnlyList<SpeakerTurn> Turns,
    IReadOnlyList<Guid> SuggestionIds, Guid? AppliedSuggestionId)
{
    /// <summary>Stream version; set by Marten.</summary>
    public int Version { get; init; }

    /// <summary>Starts the aggregate.</summary>
    public static Consultation Create(ConsultationRecorded e) =>
        new(e.ConsultationId, e.PatientId, e.AppointmentId, e.Language, e.Turns, [], null);

    /// <summary>Remembers the draft.</summary>
    public Consultation Apply(ConsultationExtractionRequested e) => this with { SuggestionIds = [.. SuggestionIds, e.SuggestionId] };

    /// <summary>Remembers which draft was carried out.</summary>
    public Consultation Apply(ConsultationExtractionApplied e) => this with { AppliedSuggestionId = e.SuggestionId };
}
