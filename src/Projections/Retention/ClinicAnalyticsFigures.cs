namespace ChiroClick.Projections.Retention;

/// <summary>
/// The retention figures read from <see cref="ClinicAnalyticsProjection"/>'s documents, with the "as of now" parts
/// applied here: cohort cells of months after <c>asOf</c>'s month are null, churn moments after <c>asOf</c> are not
/// counted, and the months listed end at <c>asOf</c>'s month. Same definitions and rounding as <see cref="RetentionMath"/>
/// (which computes them from every patient's visit list and stays the reference). Visits recorded with a business time
/// after <c>asOf</c> are counted here (the API refuses visits more than a few minutes in the future).
/// </summary>
public static class ClinicAnalyticsFigures
{
    /// <summary>Retention cohorts, oldest first, from the clinic's month documents (any order).</summary>
    public static IReadOnlyList<RetentionCohort> Cohorts(IEnumerable<ClinicMonth> months, DateTimeOffset asOf)
    {
        var nowMonth = RetentionMath.MonthIndex(asOf);
        return months.Where(m => m.CohortSize > 0 && m.Month <= nowMonth).OrderBy(m => m.Month)
            .Select(m => new RetentionCohort(m.Id, m.CohortSize,
                Enumerable.Range(0, RetentionMath.CohortMonths + 1).Select(k => m.Month + k <= nowMonth ? (int?)m.Retained[k] : null).ToList(),
                Enumerable.Range(0, RetentionMath.CohortMonths + 1)
                    .Select(k => m.Month + k <= nowMonth ? (double?)Math.Round((double)m.Retained[k] / m.CohortSize, 4) : null).ToList()))
            .ToList();
    }

    /// <summary>
    /// Churn per month from the earliest first visit to <paramref name="asOf"/>'s month; <paramref name="current"/> = that
    /// month's moments (null: none kept, and the month's total counts).
    /// </summary>
    public static IReadOnlyList<ChurnMonth> Churn(IEnumerable<ClinicMonth> months, ClinicMonthMoments? current, DateTimeOffset asOf)
    {
        var nowMonth = RetentionMath.MonthIndex(asOf);
        var byMonth = months.ToDictionary(m => m.Month);
        var cohorts = byMonth.Values.Where(m => m.CohortSize > 0 && m.Month <= nowMonth).ToList();
        if (cohorts.Count == 0) return [];
        var result = new List<ChurnMonth>();
        for (var m = cohorts.Min(c => c.Month); m <= nowMonth; m++)
        {
            var doc = byMonth.GetValueOrDefault(m);
            var active = doc?.ActiveAtStart ?? 0;
            var churned = m < nowMonth || current is null ? doc?.Churned ?? 0 : CountUpTo(current.Churned, asOf);
            result.Add(new ChurnMonth(RetentionMath.MonthName(m), active, churned, active == 0 ? null : Math.Round((double)churned / active, 4)));
        }
        return result;
    }

    /// <summary>The dashboard summary at <paramref name="asOf"/>.</summary>
    public static RetentionSummary Summary(ClinicAnalytics clinic, IReadOnlyCollection<ClinicMonth> months, ClinicMonthMoments? current, DateTimeOffset asOf)
    {
        var nowMonth = RetentionMath.MonthIndex(asOf);
        // Without the month's moments (a clock set back behind the recorded events), its moments all count.
        var churnedNow = months.Where(m => m.Month < nowMonth || (m.Month == nowMonth && current is null)).Sum(m => m.LastVisitChurns)
                         + (current is null ? 0 : CountUpTo(current.LastVisitChurns, asOf));
        var cohorts = Cohorts(months, asOf);
        var month1 = cohorts.Where(c => c.Retained[1] is not null).ToList();
        var month1Size = month1.Sum(c => c.Size);
        var churn = Churn(months, current, asOf);
        var n = clinic.PatientsWithVisits;
        return new RetentionSummary(
            asOf, clinic.ChurnThresholdDays, clinic.RegisteredPatients, n, n - churnedNow, churnedNow,
            n == 0 ? null : Math.Round((double)churnedNow / n, 4),
            n == 0 ? null : Math.Round((double)clinic.ReturningPatients / n, 4),
            n == 0 ? null : Math.Round((double)clinic.Visits / n, 2),
            month1Size == 0 ? null : Math.Round((double)month1.Sum(c => c.Retained[1]!.Value) / month1Size, 4),
            churn.Count >= 2 ? churn[^2] : null);
    }

    private static int CountUpTo(List<DateTimeOffset>? sorted, DateTimeOffset asOf)
    {
        if (sorted is null || sorted.Count == 0) return 0;
        // Index of the first moment after asOf = number of moments at or before it.
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] <= asOf) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
