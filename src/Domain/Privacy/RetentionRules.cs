namespace ChiroClick.Domain.Privacy;

/// <summary>Pure retention decisions (no I/O, no clock: "now" is passed in).</summary>
public static class RetentionRules
{
    /// <summary>
    /// When a patient's record may be erased in full: <paramref name="lastVisitAt"/> plus
    /// <paramref name="retentionYears"/> years; null when the patient has no visit (no record to keep).
    /// </summary>
    public static DateTimeOffset? PatientErasableFrom(DateTimeOffset? lastVisitAt, int retentionYears) =>
        lastVisitAt?.AddYears(retentionYears);

    /// <summary>True when a full erasure of the patient is allowed at <paramref name="now"/>.</summary>
    public static bool PatientErasable(DateTimeOffset? lastVisitAt, int retentionYears, DateTimeOffset now) =>
        PatientErasableFrom(lastVisitAt, retentionYears) is not { } from || from <= now;

    /// <summary>
    /// True when a lead that never became a patient is past its retention: nothing happened to it (lost, or any
    /// open stage) for more than <paramref name="retentionMonths"/> months before <paramref name="now"/>.
    /// </summary>
    public static bool LeadExpired(bool converted, DateTimeOffset lastActivityAt, int retentionMonths, DateTimeOffset now) =>
        !converted && lastActivityAt.AddMonths(retentionMonths) < now;
}
