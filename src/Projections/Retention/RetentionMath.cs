namespace ChiroClick.Projections.Retention;

/// <summary>
/// Retention figures computed from each patient's visit times (<c>VisitCompleted.CompletedAt</c>, UTC);
/// months are UTC calendar months ("2024-03"). Visits after <c>asOf</c> are ignored.
/// <list type="bullet">
/// <item><b>Retention cohort</b>: the patients whose first visit falls in calendar month c. Cell k
/// (k = 0..12) = share (0..1, 4 decimals) of the cohort with at least one visit in calendar month c + k;
/// cell 0 is 1 by definition; cells for months after <c>asOf</c>'s month are null.</item>
/// <item><b>Churn</b>: a patient is churned once T days (the clinic's churn threshold) pass without a
/// visit; the churn moment is last visit + T. For month M: <i>active at start</i> = patients with a visit
/// before M's first instant whose last such visit is less than T days before it; <i>churned</i> = those of
/// them whose churn moment falls inside M (and not after <c>asOf</c>) with no visit in between; churn rate
/// = churned ÷ active at start (null when none were active).</item>
/// </list>
/// </summary>
public static class RetentionMath
{
    /// <summary>Number of months after the cohort month in a cohort row (cells 0..12).</summary>
    public const int CohortMonths = 12;

    /// <summary>Month index (year × 12 + month − 1) of a UTC time.</summary>
    public static int MonthIndex(DateTimeOffset t)
    {
        var u = t.UtcDateTime;
        return u.Year * 12 + u.Month - 1;
    }

    /// <summary>"yyyy-MM" of a month index.</summary>
    public static string MonthName(int index) => $"{index / 12:D4}-{index % 12 + 1:D2}";

    /// <summary>First instant (UTC) of a month index.</summary>
    public static DateTimeOffset MonthStart(int index) => new(index / 12, index % 12 + 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Retention cohorts, oldest first.</summary>
    public static IReadOnlyList<RetentionCohort> Cohorts(IEnumerable<IReadOnlyList<DateTimeOffset>> visitsPerPatient, DateTimeOffset asOf)
    {
        var nowMonth = MonthIndex(asOf);
        var rows = new SortedDictionary<int, (int Size, int[] Retained)>();
        foreach (var visits in visitsPerPatient)
        {
            var months = visits.Where(v => v <= asOf).Select(MonthIndex).Distinct().Order().ToList();
            if (months.Count == 0) continue;
            var c = months[0];
            if (!rows.TryGetValue(c, out var row)) row = (0, new int[CohortMonths + 1]);
            row.Size++;
            foreach (var m in months)
                if (m - c <= CohortMonths) row.Retained[m - c]++;
            rows[c] = row;
        }
        return rows.Select(r => new RetentionCohort(MonthName(r.Key), r.Value.Size,
            Enumerable.Range(0, CohortMonths + 1).Select(k => r.Key + k <= nowMonth ? (int?)r.Value.Retained[k] : null).ToList(),
            Enumerable.Range(0, CohortMonths + 1).Select(k => r.Key + k <= nowMonth ? (double?)Math.Round((double)r.Value.Retained[k] / r.Value.Size, 4) : null).ToList()))
            .ToList();
    }

    /// <summary>Churn per month, from the month of the earliest visit to <paramref name="asOf"/>'s month.</summary>
    public static IReadOnlyList<ChurnMonth> Churn(IEnumerable<IReadOnlyList<DateTimeOffset>> visitsPerPatient, DateTimeOffset asOf, int thresholdDays)
    {
        var patients = visitsPerPatient.Select(v => v.Where(t => t <= asOf).Order().ToArray()).Where(v => v.Length > 0).ToList();
        if (patients.Count == 0) return [];
        var threshold = TimeSpan.FromDays(thresholdDays);
        var first = patients.Min(v => MonthIndex(v[0]));
        var last = MonthIndex(asOf);
        var result = new List<ChurnMonth>();
        for (var m = first; m <= last; m++)
        {
            var start = MonthStart(m);
            var end = MonthStart(m + 1);
            int active = 0, churned = 0;
            foreach (var v in patients)
            {
                var idx = Array.FindLastIndex(v, t => t < start);
                if (idx < 0) continue;
                var churnAt = v[idx] + threshold;
                if (churnAt <= start) continue;
                active++;
                var next = idx + 1 < v.Length ? v[idx + 1] : (DateTimeOffset?)null;
                if (churnAt < end && churnAt <= asOf && (next is null || next >= churnAt)) churned++;
            }
            result.Add(new ChurnMonth(MonthName(m), active, churned, active == 0 ? null : Math.Round((double)churned / active, 4)));
        }
        return result;
    }

    /// <summary>The dashboard summary at <paramref name="asOf"/>.</summary>
    public static RetentionSummary Summary(IReadOnlyList<IReadOnlyList<DateTimeOffset>> visitsPerPatient, int registeredPatients,
        DateTimeOffset asOf, int thresholdDays)
    {
        var withVisits = visitsPerPatient.Select(v => v.Where(t => t <= asOf).ToList()).Where(v => v.Count > 0).ToList();
        var churnedNow = withVisits.Count(v => asOf - v.Max() >= TimeSpan.FromDays(thresholdDays));
        var cohorts = Cohorts(visitsPerPatient, asOf);
        var month1 = cohorts.Where(c => c.Retained[1] is not null).ToList();
        var month1Size = month1.Sum(c => c.Size);
        var churn = Churn(visitsPerPatient, asOf, thresholdDays);
        var lastComplete = churn.Count >= 2 ? churn[^2] : null;
        var n = withVisits.Count;
        return new RetentionSummary(
            asOf, thresholdDays, registeredPatients, n, n - churnedNow, churnedNow,
            n == 0 ? null : Math.Round((double)churnedNow / n, 4),
            n == 0 ? null : Math.Round((double)withVisits.Count(v => v.Count >= 2) / n, 4),
            n == 0 ? null : Math.Round((double)withVisits.Sum(v => v.Count) / n, 2),
            month1Size == 0 ? null : Math.Round((double)month1.Sum(c => c.Retained[1]!.Value) / month1Size, 4),
            lastComplete);
    }
}

/// <summary>One retention cohort row.</summary>
/// <param name="Month">Cohort month, "yyyy-MM" (month of the first visit, UTC).</param>
/// <param name="Size">Patients in the cohort.</param>
/// <param name="Retained">Cell k = patients with a visit in month + k (k = 0..12); null for months not yet reached.</param>
/// <param name="Retention">Cell k = Retained[k] ÷ Size, 0..1 (4 decimals); null for months not yet reached.</param>
public sealed record RetentionCohort(string Month, int Size, IReadOnlyList<int?> Retained, IReadOnlyList<double?> Retention);

/// <summary>Churn in one calendar month.</summary>
/// <param name="Month">"yyyy-MM" (UTC).</param>
/// <param name="ActiveAtStart">Patients active (not churned) at the month's first instant.</param>
/// <param name="Churned">Of those, patients whose churn moment fell in the month.</param>
/// <param name="ChurnRate">Churned ÷ ActiveAtStart, 0..1 (4 decimals), null when none were active.</param>
public sealed record ChurnMonth(string Month, int ActiveAtStart, int Churned, double? ChurnRate);

/// <summary>The retention dashboard.</summary>
/// <param name="AsOf">Time the figures are computed for.</param>
/// <param name="ChurnThresholdDays">The clinic's churn threshold in days.</param>
/// <param name="RegisteredPatients">All registered patients.</param>
/// <param name="PatientsWithVisits">Patients with at least one visit.</param>
/// <param name="ActivePatients">Patients with a visit less than the threshold ago.</param>
/// <param name="ChurnedPatients">Patients whose last visit is at least the threshold ago.</param>
/// <param name="ChurnedShare">ChurnedPatients ÷ PatientsWithVisits (0..1).</param>
/// <param name="ReturningShare">Share of patients with visits who came at least twice (0..1).</param>
/// <param name="AverageVisitsPerPatient">Visits ÷ patients with visits.</param>
/// <param name="MonthOneRetention">Cohort-size-weighted cell 1 of every cohort that has reached it (0..1).</param>
/// <param name="LastCompleteMonth">Churn of the last complete calendar month, or null.</param>
public sealed record RetentionSummary(
    DateTimeOffset AsOf,
    int ChurnThresholdDays,
    int RegisteredPatients,
    int PatientsWithVisits,
    int ActivePatients,
    int ChurnedPatients,
    double? ChurnedShare,
    double? ReturningShare,
    double? AverageVisitsPerPatient,
    double? MonthOneRetention,
    ChurnMonth? LastCompleteMonth);
