using ChiroClick.Domain.Patients;

namespace ChiroClick.Projections.Retention;

/// <summary>
/// Per clinic (tenant): the totals every analytics endpoint needs, one document (<see cref="DocumentId"/>),
/// written by <see cref="ClinicAnalyticsProjection"/>.
/// </summary>
public sealed class ClinicAnalytics
{
    /// <summary>The single id of the per-clinic document.</summary>
    public const string DocumentId = "clinic";

    /// <summary>Always <see cref="DocumentId"/>; Marten keeps one per tenant.</summary>
    public string Id { get; set; } = DocumentId;
    /// <summary>Churn threshold (days) the churn figures were computed with: the clinic's setting as of the last event applied.</summary>
    public int ChurnThresholdDays { get; set; } = ChiroClick.Domain.Clinics.ClinicSettings.Default.ChurnThresholdDays;
    /// <summary>Registered patients.</summary>
    public int RegisteredPatients { get; set; }
    /// <summary>Patients with at least one visit.</summary>
    public int PatientsWithVisits { get; set; }
    /// <summary>Patients with at least two visits.</summary>
    public int ReturningPatients { get; set; }
    /// <summary>Visits of all patients.</summary>
    public int Visits { get; set; }
    /// <summary>Patients now in each lifecycle stage.</summary>
    public Dictionary<LifecycleStage, int> Stages { get; set; } = Enum.GetValues<LifecycleStage>().ToDictionary(s => s, _ => 0);
    /// <summary>Automatic lifecycle moves so far.</summary>
    public int AutomaticMoves { get; set; }
    /// <summary>Manual lifecycle moves so far.</summary>
    public int ManualMoves { get; set; }
    /// <summary>Survey responses scoring 9–10 (all surveys).</summary>
    public int Promoters { get; set; }
    /// <summary>Survey responses scoring 7–8 (all surveys).</summary>
    public int Passives { get; set; }
    /// <summary>Survey responses scoring 0–6 (all surveys).</summary>
    public int Detractors { get; set; }
    /// <summary>Waitlist entries added and not closed.</summary>
    public int OpenWaitlistEntries { get; set; }
    /// <summary>Referrals recorded.</summary>
    public int Referrals { get; set; }
    /// <summary>Referrals converted.</summary>
    public int ReferralsConverted { get; set; }
    /// <summary>Referrals rewarded.</summary>
    public int ReferralsRewarded { get; set; }
    /// <summary>Referrals converted and not rewarded.</summary>
    public int ReferralRewardsPending { get; set; }
    /// <summary>Per referring patient: referrals, converted, rewards pending.</summary>
    public Dictionary<Guid, ReferrerCounts> Referrers { get; set; } = new();
    /// <summary>Latest recording time (<c>IEvent.Timestamp</c>) of the events applied; every read is later than it.</summary>
    public DateTimeOffset LatestRecordedAt { get; set; }

    /// <summary>
    /// First month index whose exact churn moments are kept (<see cref="ClinicMonthMoments"/>): the month before
    /// <see cref="LatestRecordedAt"/>'s (one month of slack for a clock set back); 0 before the first event.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int MomentsFromMonth => LatestRecordedAt == default ? 0 : RetentionMath.MonthIndex(LatestRecordedAt) - 1;
}

/// <summary>Referral counts of one referring patient.</summary>
public sealed class ReferrerCounts
{
    /// <summary>Referrals made.</summary>
    public int Referrals { get; set; }
    /// <summary>Of them, converted.</summary>
    public int Converted { get; set; }
    /// <summary>Converted and not yet rewarded.</summary>
    public int RewardsPending { get; set; }
}

/// <summary>
/// Per clinic and UTC calendar month (id "yyyy-MM"): the month's retention cohort row, churn counts and visit
/// count. The "as of now" parts (cells of months not yet reached, churn moments still in the future) are applied
/// when read, never here. Definitions: <see cref="RetentionMath"/>.
/// </summary>
public sealed class ClinicMonth
{
    /// <summary>"yyyy-MM".</summary>
    public string Id { get; set; } = "";
    /// <summary>Month index (year × 12 + month − 1).</summary>
    public int Month { get; set; }
    /// <summary>Patients whose first visit falls in this month (the cohort's size).</summary>
    public int CohortSize { get; set; }
    /// <summary>Cell k = patients of this month's cohort with a visit in month + k (k = 0..12).</summary>
    public int[] Retained { get; set; } = new int[RetentionMath.CohortMonths + 1];
    /// <summary>Patients active (not churned) at the month's first instant.</summary>
    public int ActiveAtStart { get; set; }
    /// <summary>Patients whose churn moment falls in this month (all of them; the current month is recounted from <see cref="ClinicMonthMoments"/>).</summary>
    public int Churned { get; set; }
    /// <summary>Patients whose last visit + threshold falls in this month.</summary>
    public int LastVisitChurns { get; set; }
    /// <summary>Visits completed in this month.</summary>
    public int Visits { get; set; }
}

/// <summary>
/// Per clinic and month (id "yyyy-MM"): the exact churn moments of the month, ascending, so the current month can be
/// cut at "now" when read. Only the current month's document is ever read by an endpoint, so documents are kept only from
/// <see cref="ClinicAnalytics.MomentsFromMonth"/> on; a month without one counts all its moments.
/// </summary>
public sealed class ClinicMonthMoments
{
    /// <summary>"yyyy-MM".</summary>
    public string Id { get; set; } = "";
    /// <summary>Churn moments counted in <see cref="ClinicMonth.Churned"/>.</summary>
    public List<DateTimeOffset> Churned { get; set; } = new();
    /// <summary>Last visit + threshold moments counted in <see cref="ClinicMonth.LastVisitChurns"/>.</summary>
    public List<DateTimeOffset> LastVisitChurns { get; set; } = new();
}

/// <summary>Per clinic, survey scope and month (id "all:yyyy-MM" or "&lt;surveyId&gt;:yyyy-MM"): NPS answer counts by <c>receivedAt</c>.</summary>
public sealed class NpsMonthCounts
{
    /// <summary>"&lt;scope&gt;:yyyy-MM".</summary>
    public string Id { get; set; } = "";
    /// <summary>"all" or the survey id.</summary>
    public string Scope { get; set; } = "";
    /// <summary>"yyyy-MM" (UTC).</summary>
    public string Month { get; set; } = "";
    /// <summary>Scores 9–10.</summary>
    public int Promoters { get; set; }
    /// <summary>Scores 7–8.</summary>
    public int Passives { get; set; }
    /// <summary>Scores 0–6.</summary>
    public int Detractors { get; set; }
}

/// <summary>The projection's own per-patient state (never read by an endpoint): stage and visit times, ascending.</summary>
public sealed class AnalyticsPatient
{
    /// <summary>Patient id.</summary>
    public Guid Id { get; set; }
    /// <summary>Whether PatientRegistered was seen.</summary>
    public bool Registered { get; set; }
    /// <summary>Lifecycle stage now.</summary>
    public LifecycleStage Stage { get; set; } = LifecycleStage.New;
    /// <summary>Visit times (<c>VisitCompleted.CompletedAt</c>, UTC), ascending.</summary>
    public List<DateTimeOffset> Visits { get; set; } = new();
}

/// <summary>The projection's own per-referral state (never read by an endpoint).</summary>
public sealed class AnalyticsReferral
{
    /// <summary>Referral id.</summary>
    public Guid Id { get; set; }
    /// <summary>Referring patient.</summary>
    public Guid ReferringPatientId { get; set; }
    /// <summary>Converted.</summary>
    public bool Converted { get; set; }
    /// <summary>Rewarded.</summary>
    public bool Rewarded { get; set; }
}
