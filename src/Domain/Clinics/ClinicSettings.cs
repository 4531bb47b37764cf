namespace ChiroClick.Domain.Clinics;

/// <summary>Channel(s) appointment reminders go on. Serialised snake_case.</summary>
public enum ReminderChannel
{
    /// <summary>Text message (default).</summary>
    Sms,
    /// <summary>E-mail with the appointment as an .ics attachment.</summary>
    Email,
    /// <summary>Both.</summary>
    Both,
}

/// <summary>
/// The clinic's CRM settings. Days are calendar days of 24 h.
/// </summary>
/// <param name="CheckInFrequencyDays">How often a patient is expected to visit (default 30): drives lifecycle decay (1×, 3×, 6×).</param>
/// <param name="ChurnThresholdDays">A patient is churned after this many days without a visit (default 90).</param>
/// <param name="WaitlistOfferHours">Kept for compatibility: setting it alone sets <see cref="WaitlistOfferMinutes"/> to hours × 60.
/// The lifetime in force is <see cref="WaitlistOfferMinutes"/>.</param>
/// <param name="SurveyAfterVisit">Whether an NPS survey is meant to follow visits (informational for now).</param>
/// <param name="ReminderChannel">sms (default), email or both.</param>
/// <param name="WaitlistOffersAtOnce">How many waitlist entries a freed slot is offered to at once (default 3).</param>
/// <param name="WaitlistOfferMinutes">How long a waitlist offer stays open (default 120 minutes).</param>
public sealed record ClinicSettings(
    int CheckInFrequencyDays = 30,
    int ChurnThresholdDays = 90,
    int WaitlistOfferHours = 2,
    bool SurveyAfterVisit = false,
    ReminderChannel ReminderChannel = ReminderChannel.Sms,
    int WaitlistOffersAtOnce = 3,
    int WaitlistOfferMinutes = 120)
{
    /// <summary>The reminder hours used until the clinic sets its own.</summary>
    public static IReadOnlyList<int> DefaultReminderHours { get; } = [48, 2];

    /// <summary>Hours before the start at which reminders go out (default [48, 2]; empty = no reminders).</summary>
    public IReadOnlyList<int> ReminderHoursBefore { get; init; } = DefaultReminderHours;

    /// <summary>The defaults used until the first ClinicSettingsChanged.</summary>
    public static ClinicSettings Default { get; } = new();

    /// <summary>Value equality including the reminder hours (a record compares lists by reference).</summary>
    public bool SameAs(ClinicSettings other) => this with { ReminderHoursBefore = [] } == other with { ReminderHoursBefore = [] } &&
        ReminderHoursBefore.SequenceEqual(other.ReminderHoursBefore);
}

/// <summary>The clinic's CRM settings changed; carries the full new settings. Appended to the clinic stream.</summary>
/// <param name="ClinicId">Clinic id (= stream id).</param>
/// <param name="Settings">The settings now in force.</param>
public sealed record ClinicSettingsChanged(Guid ClinicId, ClinicSettings Settings);
