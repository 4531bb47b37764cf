namespace ChiroClick.Domain.Leads;

/// <summary>
/// The lead aggregate: the state the decisions in <see cref="LeadDecisions"/> need, rebuilt from the
/// lead's events (Marten's source-generated Create/Apply). <see cref="Version"/> is the stream version.
/// </summary>
public sealed record Lead(
    Guid Id,
    string FullName,
    string? Phone,
    string? Email,
    LeadSource Source,
    string? Complaint,
    bool MarketingConsent,
    Guid? ReferredByPatientId,
    LeadStage Stage,
    int Score,
    Guid? PatientId,
    string? LostReason)
{
    /// <summary>Stream version (number of events applied); set by Marten.</summary>
    public int Version { get; init; }

    /// <summary>Starts the aggregate from its first event.</summary>
    public static Lead Create(LeadCaptured e) =>
        new(e.LeadId, e.FullName, e.Phone, e.Email, e.Source, e.Complaint, e.MarketingConsent,
            e.ReferredByPatientId, LeadStage.New, 0, null, null);

    /// <summary>Applies new details.</summary>
    public Lead Apply(LeadDetailsUpdated e) => this with
    {
        FullName = e.FullName, Phone = e.Phone, Email = e.Email, Source = e.Source,
        Complaint = e.Complaint, MarketingConsent = e.MarketingConsent,
    };

    /// <summary>Applies a new score.</summary>
    public Lead Apply(LeadScored e) => this with { Score = e.Score };

    /// <summary>Applies a stage move.</summary>
    public Lead Apply(LeadStageChanged e) => this with { Stage = e.To };

    /// <summary>Records the patient the lead became.</summary>
    public Lead Apply(LeadConverted e) => this with { PatientId = e.PatientId };

    /// <summary>Records why the lead was lost.</summary>
    public Lead Apply(LeadLost e) => this with { LostReason = e.Reason };

    /// <summary>The state after <paramref name="events"/> (used by decisions that chain several steps).</summary>
    public Lead Replayed(IEnumerable<object> events) => events.Aggregate(this, (state, e) => e switch
    {
        LeadDetailsUpdated u => state.Apply(u),
        LeadScored s => state.Apply(s),
        LeadStageChanged c => state.Apply(c),
        LeadConverted c => state.Apply(c),
        LeadLost l => state.Apply(l),
        _ => state,
    });
}
