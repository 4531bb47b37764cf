namespace ChiroClick.Projections.Retention;

public sealed partial class ClinicAnalyticsProjection
{
    /// <summary>
    /// Adds (<paramref name="sign"/> = 1) or removes (−1) one patient's contribution, for visit times ascending and a
    /// churn threshold in days, to the month figures and the clinic totals (the same definitions as <see cref="RetentionMath"/>).
    /// </summary>
    public static void Contribute(IReadOnlyList<DateTimeOffset> visits, int thresholdDays, int sign, Deltas delta, ClinicAnalytics clinic)
    {
        if (visits.Count == 0) return;
        clinic.PatientsWithVisits += sign;
        clinic.Visits += sign * visits.Count;
        if (visits.Count >= 2) clinic.ReturningPatients += sign;

        var cohort = RetentionMath.MonthIndex(visits[0]);
        delta.Month(cohort).CohortSize += sign;
        var lastMonth = int.MinValue;
        foreach (var v in visits)
        {
            var m = RetentionMath.MonthIndex(v);
            delta.Month(m).Visits += sign;
            if (m != lastMonth && m - cohort <= RetentionMath.CohortMonths) delta.Month(cohort).Retained[m - cohort] += sign;
            lastMonth = m;
        }

        var threshold = TimeSpan.FromDays(thresholdDays);
        // Active at the start of month M: a visit in (start(M) − T, start(M)). Visits ascending, so the months each
        // visit keeps active start after the previous visit's range: count each month once.
        var activeUntil = int.MinValue;
        for (var i = 0; i < visits.Count; i++)
        {
            var v = visits[i];
            var churnAt = v + threshold;
            var from = Math.Max(RetentionMath.MonthIndex(v) + 1, activeUntil + 1);
            for (var m = from; RetentionMath.MonthStart(m) < churnAt; m++)
            {
                delta.Month(m).ActiveAtStart += sign;
                activeUntil = m;
            }

            // The churn moment counts in its month when no visit came before it and the patient was active at that
            // month's start (the last visit before the month's first instant, and the moment strictly after that instant).
            var next = i + 1 < visits.Count ? visits[i + 1] : (DateTimeOffset?)null;
            var churnMonth = RetentionMath.MonthIndex(churnAt);
            if ((next is null || next >= churnAt) && churnMonth > RetentionMath.MonthIndex(v) && churnAt > RetentionMath.MonthStart(churnMonth))
            {
                delta.Month(churnMonth).Churned += sign;
                delta.Moment(churnMonth, churnAt, sign, lastVisit: false);
            }
        }
        var lastChurn = visits[^1] + threshold;
        var lastChurnMonth = RetentionMath.MonthIndex(lastChurn);
        delta.Month(lastChurnMonth).LastVisitChurns += sign;
        delta.Moment(lastChurnMonth, lastChurn, sign, lastVisit: true);
    }

    /// <summary>Changes to month documents accumulated over a page, applied with one load of the touched documents.</summary>
    public sealed class Deltas
    {
        private readonly Dictionary<int, ClinicMonth> _months = new();
        private readonly Dictionary<int, (Dictionary<DateTimeOffset, int> Churned, Dictionary<DateTimeOffset, int> Last)> _moments = new();

        /// <summary>The delta of one month (fields hold differences).</summary>
        public ClinicMonth Month(int index)
        {
            if (!_months.TryGetValue(index, out var m)) _months[index] = m = new ClinicMonth { Id = RetentionMath.MonthName(index), Month = index };
            return m;
        }

        /// <summary>Adds or removes one churn moment.</summary>
        public void Moment(int month, DateTimeOffset at, int sign, bool lastVisit)
        {
            if (!_moments.TryGetValue(month, out var m)) _moments[month] = m = (new(), new());
            var d = lastVisit ? m.Last : m.Churned;
            d[at] = d.GetValueOrDefault(at) + sign;
        }

        /// <summary>
        /// Loads the touched month documents, adds the differences and stores those that changed; churn moments only for
        /// months from <paramref name="momentsFromMonth"/> on (earlier months can no longer be "now").
        /// </summary>
        public async Task ApplyAsync(IDocumentOperations ops, int momentsFromMonth, CancellationToken ct)
        {
            var changed = _months.Values.Where(d => d.CohortSize != 0 || d.ActiveAtStart != 0 || d.Churned != 0 || d.LastVisitChurns != 0
                || d.Visits != 0 || d.Retained.Any(x => x != 0)).ToList();
            if (changed.Count > 0)
            {
                var stored = (await ops.LoadManyAsync<ClinicMonth>(ct, changed.Select(d => d.Id).ToArray())).ToDictionary(x => x.Id);
                foreach (var d in changed)
                {
                    var doc = stored.GetValueOrDefault(d.Id) ?? new ClinicMonth { Id = d.Id, Month = d.Month };
                    doc.CohortSize += d.CohortSize;
                    for (var k = 0; k < doc.Retained.Length; k++) doc.Retained[k] += d.Retained[k];
                    doc.ActiveAtStart += d.ActiveAtStart;
                    doc.Churned += d.Churned;
                    doc.LastVisitChurns += d.LastVisitChurns;
                    doc.Visits += d.Visits;
                    // A month whose figures all went back to zero reads like no month: delete it, so the documents do not
                    // depend on how the events were paged (a rebuild never writes what cancels out within one page).
                    if (IsEmpty(doc)) ops.Delete<ClinicMonth>(doc.Id);
                    else ops.Store(doc);
                }
            }

            var moments = _moments.Where(m => m.Key >= momentsFromMonth)
                .Where(m => m.Value.Churned.Values.Any(x => x != 0) || m.Value.Last.Values.Any(x => x != 0)).ToList();
            if (moments.Count == 0) return;
            var storedMoments = (await ops.LoadManyAsync<ClinicMonthMoments>(ct, moments.Select(m => RetentionMath.MonthName(m.Key)).ToArray()))
                .ToDictionary(x => x.Id);
            foreach (var (month, d) in moments)
            {
                var id = RetentionMath.MonthName(month);
                var doc = storedMoments.GetValueOrDefault(id) ?? new ClinicMonthMoments { Id = id };
                Merge(doc.Churned, d.Churned);
                Merge(doc.LastVisitChurns, d.Last);
                if (doc.Churned.Count == 0 && doc.LastVisitChurns.Count == 0) ops.Delete<ClinicMonthMoments>(id);
                else ops.Store(doc);
            }
        }

        private static bool IsEmpty(ClinicMonth m) => m.CohortSize == 0 && m.ActiveAtStart == 0 && m.Churned == 0 && m.LastVisitChurns == 0
            && m.Visits == 0 && m.Retained.All(x => x == 0);

        private static void Merge(List<DateTimeOffset> sorted, Dictionary<DateTimeOffset, int> changes)
        {
            foreach (var (at, n) in changes)
            {
                for (var k = 0; k < n; k++)
                {
                    var i = sorted.BinarySearch(at);
                    sorted.Insert(i < 0 ? ~i : i, at);
                }
                for (var k = 0; k < -n; k++)
                {
                    var i = sorted.BinarySearch(at);
                    if (i >= 0) sorted.RemoveAt(i);
                }
            }
        }
    }
}
