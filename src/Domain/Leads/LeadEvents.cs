namespace ChiroClick.Domain.Leads;

/// <summary>Marker for every event of a lead stream (the stream id is the lead id).</summary>
public interface ILeadEvent
{
    /// <summary>The lead's id (= its stream id).</summary>
    Guid LeadId { get; }
}

/// <summary>A prospective patient contacted the clinic or was entered by staff. Starts the lead stream in stage new.</summary>
/// <param name="LeadId">Stream id (UUID v7).</param>
/// <param name="FullName">Name as given by the lead.</param>
/// <param name="Phone">Phone normalised to E.164 (+4799887766), or null.</param>
/// <param name="Email">E-mail address, or null.</param>
/// <param name="Source">Channel the lead came through.</param>
/// <param name="Complaint">Free-text reason for contact (e.g. "korsryggsmerter"), or null.</param>
/// <param name="MarketingConsent">Whether the lead agreed to receive marketing messages.</param>
/// <param name="ReferredByPatientId">Patient who referred the lead, when the source is a referral.</param>
public sealed record LeadCaptured(
    Guid LeadId,
    string FullName,
    string? Phone,
    string? Email,
    LeadSource Source,
    string? Complaint,
    bool MarketingConsent,
    Guid? ReferredByPatientId) : ILeadEvent;

/// <summary>Contact details or the reason for contact changed. Carries the full new values.</summary>
public sealed record LeadDetailsUpdated(
    Guid LeadId,
    string FullName,
    string? Phone,
    string? Email,
    LeadSource Source,
    string? Complaint,
    bool MarketingConsent) : ILeadEvent;

/// <summary>The lead score was (re)computed by <see cref="LeadScoring"/>.</summary>
/// <param name="LeadId">Lead id.</param>
/// <param name="Score">Score in points, 0..100.</param>
/// <param name="Reasons">The rules that contributed, e.g. "source referral +30".</param>
public sealed record LeadScored(Guid LeadId, int Score, IReadOnlyList<string> Reasons) : ILeadEvent;

/// <summary>The lead moved between pipeline stages (every move, terminal ones included).</summary>
public sealed record LeadStageChanged(Guid LeadId, LeadStage From, LeadStage To, string? Reason) : ILeadEvent;

/// <summary>The lead became a patient; the patient stream was started in the same transaction.</summary>
public sealed record LeadConverted(Guid LeadId, Guid PatientId) : ILeadEvent;

/// <summary>The lead was lost, with the reason the clinic recorded (e.g. "price", "no answer").</summary>
public sealed record LeadLost(Guid LeadId, string Reason) : ILeadEvent;
