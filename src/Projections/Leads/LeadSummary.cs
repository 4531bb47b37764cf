using ChiroClick.Domain.Leads;

namespace ChiroClick.Projections.Leads;

/// <summary>
/// Read model of one lead for lists, filters and the detail view. Updated inline (in the same
/// transaction as the events), so a client reads its own writes. Timestamps come from event metadata.
/// </summary>
public sealed class LeadSummary
{
    /// <summary>Lead id (= stream id).</summary>
    public Guid Id { get; set; }
    /// <summary>Stream version; send it back as <c>expectedVersion</c> when updating.</summary>
    public int Version { get; set; }
    /// <summary>Full name.</summary>
    public string FullName { get; set; } = "";
    /// <summary>E.164 phone or null.</summary>
    public string? Phone { get; set; }
    /// <summary>E-mail or null.</summary>
    public string? Email { get; set; }
    /// <summary>Where the lead came from.</summary>
    public LeadSource Source { get; set; }
    /// <summary>Reason for contact.</summary>
    public string? Complaint { get; set; }
    /// <summary>Marketing consent.</summary>
    public bool MarketingConsent { get; set; }
    /// <summary>Referring patient, if any.</summary>
    public Guid? ReferredByPatientId { get; set; }
    /// <summary>Current pipeline stage.</summary>
    public LeadStage Stage { get; set; }
    /// <summary>Lead score, 0..100 points (see LeadScoring).</summary>
    public int Score { get; set; }
    /// <summary>When the lead was captured (event timestamp, UTC).</summary>
    public DateTimeOffset CapturedAt { get; set; }
    /// <summary>When the lead last changed (event timestamp, UTC).</summary>
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>When the lead converted, if it did.</summary>
    public DateTimeOffset? ConvertedAt { get; set; }
    /// <summary>The patient the lead became, if converted.</summary>
    public Guid? PatientId { get; set; }
    /// <summary>Why the lead was lost, if lost.</summary>
    public string? LostReason { get; set; }
}

/// <summary>Inline single-stream projection building <see cref="LeadSummary"/>.</summary>
public sealed class LeadSummaryProjection : SingleStreamProjection<LeadSummary, Guid>
{
    /// <summary>Starts the summary.</summary>
    public static LeadSummary Create(IEvent<LeadCaptured> e) => new()
    {
        Id = e.Data.LeadId,
        FullName = e.Data.FullName,
        Phone = e.Data.Phone,
        Email = e.Data.Email,
        Source = e.Data.Source,
        Complaint = e.Data.Complaint,
        MarketingConsent = e.Data.MarketingConsent,
        ReferredByPatientId = e.Data.ReferredByPatientId,
        Stage = LeadStage.New,
        CapturedAt = e.Timestamp,
        UpdatedAt = e.Timestamp,
    };

    /// <summary>Applies new details.</summary>
    public static void Apply(IEvent<LeadDetailsUpdated> e, LeadSummary s)
    {
        s.FullName = e.Data.FullName;
        s.Phone = e.Data.Phone;
        s.Email = e.Data.Email;
        s.Source = e.Data.Source;
        s.Complaint = e.Data.Complaint;
        s.MarketingConsent = e.Data.MarketingConsent;
        s.UpdatedAt = e.Timestamp;
    }

    /// <summary>Applies a new score.</summary>
    public static void Apply(IEvent<LeadScored> e, LeadSummary s)
    {
        s.Score = e.Data.Score;
        s.UpdatedAt = e.Timestamp;
    }

    /// <summary>Applies a stage move.</summary>
    public static void Apply(IEvent<LeadStageChanged> e, LeadSummary s)
    {
        s.Stage = e.Data.To;
        s.UpdatedAt = e.Timestamp;
    }

    /// <summary>Records the conversion.</summary>
    public static void Apply(IEvent<LeadConverted> e, LeadSummary s)
    {
        s.PatientId = e.Data.PatientId;
        s.ConvertedAt = e.Timestamp;
        s.UpdatedAt = e.Timestamp;
    }

    /// <summary>Records the lost reason.</summary>
    public static void Apply(IEvent<LeadLost> e, LeadSummary s)
    {
        s.LostReason = e.Data.Reason;
        s.UpdatedAt = e.Timestamp;
    }

    /// <summary>
    /// An erasure closed the stream: the masked fields come from the masked events; handled so the version stays the
    /// stream's (writers append at it). Seen on a stream of another subject type, it is no lead's: no document.
    /// </summary>
    public static bool ShouldDelete(ChiroClick.Domain.Privacy.PersonalDataErased e) => e.SubjectType != ChiroClick.Domain.Privacy.SubjectType.Lead;

    /// <summary>See <see cref="ShouldDelete"/>.</summary>
    public static void Apply(IEvent<ChiroClick.Domain.Privacy.PersonalDataErased> e, LeadSummary s) { }
}
