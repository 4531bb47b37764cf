namespace ChiroClick.Domain.Clinics;

/// <summary>
/// The clinic's CRM settings. Days are calendar days of 24 h.
/// </summary>
/// <param name="CheckInFrequencyDays">How often a patient is expected to visit (default 30): drives lifecycle decay (1×, 3×, 6×).</param>
/// <param name="ChurnThresholdDays">A patient is churned after this many days without a visit (default 90).</param>
/// <param name="WaitlistOfferHours">How long a waitlist offer stays open before it expires (default 24).</param>
/// <param name="SurveyAfterVisit">Whether an NPS survey is meant to follow visits (informational for now).</param>
public sealed record ClinicSettings(
    int CheckInFrequencyDays = 30,
    int ChurnThresholdDays = 90,
    int WaitlistOfferHours = 24,
    bool SurveyAfterVisit = false)
{
    /// <summary>The defaults used until the first ClinicSettingsChanged.</summary>
    public static ClinicSettings Default { get; } = new();
}

/// <summary>The clinic's CRM settings changed; carries the full new settings. Appended to the clinic stream.</summary>
/// <param name="ClinicId">Clinic id (= stream id).</param>
/// <param name="Settings">The settings now in force.</param>
public sealed record ClinicSettingsChanged(Guid ClinicId, ClinicSettings Settings);
