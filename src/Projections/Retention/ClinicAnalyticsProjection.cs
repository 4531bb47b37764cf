using ChiroClick.Domain.Clinics;
using ChiroClick.Domain.Patients;
using ChiroClick.Domain.Referrals;
using ChiroClick.Domain.Surveys;
using ChiroClick.Domain.Waitlist;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace ChiroClick.Projections.Retention;

/// <summary>
/// Async projection of the clinic analytics (retention cohorts, churn, retention summary, NPS overall and per month,
/// lifecycle stats, referral stats and the overview's patient figures) into per-clinic and per-clinic-month documents:
/// <see cref="ClinicAnalytics"/>, <see cref="ClinicMonth"/>, <see cref="ClinicMonthMoments"/>, <see cref="NpsMonthCounts"/>,
/// so an endpoint reads a bounded number of documents whatever the clinic's size.
/// <para>
/// It is incremental: a patient's contribution to every month depends on the patient's whole visit list (a visit
/// recorded out of order changes the cohort and the churn moments), so per page of events it subtracts the
/// contribution of each touched patient before the page and adds the one after (<see cref="AnalyticsPatient"/> holds
/// the visit times). A change of the clinic's churn threshold recomputes the threshold-dependent figures of every
/// patient of that clinic once. Only event data is used (business times), never the clock, so a rebuild
/// reproduces the same documents. Lookups are batched per tenant and page.
/// </para>
/// </summary>
public sealed class ClinicAnalyticsProjection : IProjection
{
    /// <summary>Projection name (progress row; <c>projections rebuild -p ClinicAnalytics</c>).</summary>
    public const string Name = "ClinicAnalytics";

    /// <summary>The documents this projection writes (deleted on rebuild, compared by <c>projections verify</c>).</summary>
    public static readonly IReadOnlyList<Type> PublishedDocumentTypes =
        [typeof(ClinicAnalytics), typeof(ClinicMonth), typeof(ClinicMonthMoments), typeof(NpsMonthCounts), typeof(AnalyticsPatient), typeof(AnalyticsReferral)];

    /// <summary>Applies one page of events (all tenants).</summary>
    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        foreach (var tenant in events.Where(Relevant).GroupBy(e => e.TenantId))
        {
            var ops = string.IsNullOrEmpty(tenant.Key) || tenant.Key == operations.TenantId ? operations : operations.ForTenant(tenant.Key);
            await ApplyTenantAsync(ops, tenant.OrderBy(e => e.Sequence).ToList(), cancellation);
        }
    }

    private static bool Relevant(IEvent e) => e.Data is PatientRegistered or VisitCompleted or LifecycleStageChanged or ClinicSettingsChanged
        or SurveyResponseReceived or WaitlistEntryAdded or WaitlistEntryClosed or ReferralRecorded or ReferralConverted or ReferralRewarded;

    private static async Task ApplyTenantAsync(IDocumentOperations ops, List<IEvent> events, CancellationToken ct)
    {
        var clinic = await ops.LoadAsync<ClinicAnalytics>(ClinicAnalytics.DocumentId, ct) ?? new ClinicAnalytics();
        var patientIds = events.Select(e => e.Data switch
        {
            PatientRegistered r => r.PatientId, VisitCompleted v => v.PatientId, LifecycleStageChanged l => l.PatientId, _ => Guid.Empty,
        }).Where(id => id != Guid.Empty).Distinct().ToArray();
        var patients = patientIds.Length == 0 ? new Dictionary<Guid, AnalyticsPatient>()
            : (await ops.LoadManyAsync<AnalyticsPatient>(ct, patientIds)).ToDictionary(p => p.Id);
        var referralIds = events.Select(e => e.Data switch { ReferralConverted c => c.ReferralId, ReferralRewarded r => r.ReferralId, _ => Guid.Empty })
            .Where(id => id != Guid.Empty).Distinct().ToArray();
        var referrals = referralIds.Length == 0 ? new Dictionary<Guid, AnalyticsReferral>()
            : (await ops.LoadManyAsync<AnalyticsReferral>(ct, referralIds)).ToDictionary(r => r.Id);
        var dirtyReferrals = new HashSet<Guid>();

        var delta = new Deltas();
        // Contribution before the page of each patient the page touches, subtracted once at the end.
        var before = new Dictionary<Guid, List<DateTimeOffset>>();
        var thresholdBefore = clinic.ChurnThresholdDays;
        var nps = new Dictionary<string, NpsMonthCounts>();

        foreach (var e in events)
        {
            switch (e.Data)
            {
                case PatientRegistered r:
                {
                    var p = Patient(r.PatientId);
                    if (p.Registered) break;
                    p.Registered = true;
                    clinic.RegisteredPatients++;
                    clinic.Stages[p.Stage] = clinic.Stages.GetValueOrDefault(p.Stage) + 1;
                    break;
                }
                case VisitCompleted v:
                {
                    var p = Patient(v.PatientId);
                    before.TryAdd(p.Id, p.Visits.ToList());
                    var at = v.CompletedAt.ToUniversalTime();
                    var i = p.Visits.BinarySearch(at);
                    p.Visits.Insert(i < 0 ? ~i : i, at);
                    break;
                }
                case LifecycleStageChanged l:
                {
                    var p = Patient(l.PatientId);
                    if (p.Registered)
                    {
                        clinic.Stages[p.Stage] = clinic.Stages.GetValueOrDefault(p.Stage) - 1;
                        clinic.Stages[l.To] = clinic.Stages.GetValueOrDefault(l.To) + 1;
                    }
                    p.Stage = l.To;
                    if (l.Automatic) clinic.AutomaticMoves++; else clinic.ManualMoves++;
                    break;
                }
                case ClinicSettingsChanged s when s.Settings.ChurnThresholdDays != clinic.ChurnThresholdDays:
                    clinic.ChurnThresholdDays = s.Settings.ChurnThresholdDays;
                    break;
                case SurveyResponseReceived r:
                {
                    var month = r.ReceivedAt.UtcDateTime.ToString("yyyy-MM");
                    Count(Nps("all", month), r.Score);
                    Count(Nps(r.SurveyId.ToString(), month), r.Score);
                    if (r.Score >= 9) clinic.Promoters++; else if (r.Score >= 7) clinic.Passives++; else clinic.Detractors++;
                    break;
                }
                case WaitlistEntryAdded:
                    clinic.OpenWaitlistEntries++;
                    break;
                case WaitlistEntryClosed:
                    clinic.OpenWaitlistEntries--;
                    break;
                case ReferralRecorded r:
                {
                    var referral = new AnalyticsReferral { Id = r.ReferralId, ReferringPatientId = r.ReferringPatientId };
                    referrals[referral.Id] = referral;
                    clinic.Referrals++;
                    Referrer(clinic, referral.ReferringPatientId).Referrals++;
                    SetReferral(clinic, referral, r.ReferredPatientId is not null, false);
                    dirtyReferrals.Add(referral.Id);
                    break;
                }
                case ReferralConverted c when referrals.TryGetValue(c.ReferralId, out var referral):
                    SetReferral(clinic, referral, true, referral.Rewarded);
                    dirtyReferrals.Add(referral.Id);
                    break;
                case ReferralRewarded r when referrals.TryGetValue(r.ReferralId, out var referral):
                    SetReferral(clinic, referral, referral.Converted, true);
                    dirtyReferrals.Add(referral.Id);
                    break;
            }
        }

        if (clinic.ChurnThresholdDays != thresholdBefore)
        {
            // Every patient's threshold-dependent figures change: recompute them all, once per page that changes it.
            var all = await ops.Query<AnalyticsPatient>().ToListAsync(ct);
            foreach (var p in all)
            {
                if (patients.ContainsKey(p.Id)) continue;
                patients[p.Id] = p;
                before.TryAdd(p.Id, p.Visits);
            }
            foreach (var p in patients.Values) before.TryAdd(p.Id, p.Visits.ToList());
        }

        foreach (var (id, visits) in before)
        {
            Contribute(visits, thresholdBefore, -1, delta, clinic);
            Contribute(patients[id].Visits, clinic.ChurnThresholdDays, +1, delta, clinic);
        }

        await delta.ApplyAsync(ops, ct);
        foreach (var id in patientIds) ops.Store(patients[id]);
        foreach (var id in dirtyReferrals) ops.Store(referrals[id]);
        if (nps.Count > 0)
        {
            var stored = (await ops.LoadManyAsync<NpsMonthCounts>(ct, nps.Keys.ToArray())).ToDictionary(x => x.Id);
            foreach (var n in nps.Values)
            {
                if (stored.TryGetValue(n.Id, out var s))
                {
                    n.Promoters += s.Promoters;
                    n.Passives += s.Passives;
                    n.Detractors += s.Detractors;
                }
                ops.Store(n);
            }
        }
        ops.Store(clinic);

        AnalyticsPatient Patient(Guid id)
        {
            if (!patients.TryGetValue(id, out var p)) patients[id] = p = new AnalyticsPatient { Id = id };
            return p;
        }

        NpsMonthCounts Nps(string scope, string month)
        {
            var key = $"{scope}:{month}";
            if (!nps.TryGetValue(key, out var n)) nps[key] = n = new NpsMonthCounts { Id = key, Scope = scope, Month = month };
            return n;
        }
    }

    private static void Count(NpsMonthCounts n, int score)
    {
        if (score >= 9) n.Promoters++;
        else if (score >= 7) n.Passives++;
        else n.Detractors++;
    }

    private static ReferrerCounts Referrer(ClinicAnalytics clinic, Guid id)
    {
        if (!clinic.Referrers.TryGetValue(id, out var r)) clinic.Referrers[id] = r = new ReferrerCounts();
        return r;
    }

    private static void SetReferral(ClinicAnalytics clinic, AnalyticsReferral referral, bool converted, bool rewarded)
    {
        var r = Referrer(clinic, referral.ReferringPatientId);
        var pendingBefore = referral.Converted && !referral.Rewarded;
        var pendingAfter = converted && !rewarded;
        if (converted && !referral.Converted) { clinic.ReferralsConverted++; r.Converted++; }
        if (rewarded && !referral.Rewarded) clinic.ReferralsRewarded++;
        var pending = (pendingAfter ? 1 : 0) - (pendingBefore ? 1 : 0);
        clinic.ReferralRewardsPending += pending;
        r.RewardsPending += pending;
        referral.Converted = converted;
        referral.Rewarded = rewarded;
    }

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

        /// <summary>Loads the touched month documents, adds the differences and stores those that changed.</summary>
        public async Task ApplyAsync(IDocumentOperations ops, CancellationToken ct)
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
                    ops.Store(doc);
                }
            }

            var moments = _moments.Where(m => m.Value.Churned.Values.Any(x => x != 0) || m.Value.Last.Values.Any(x => x != 0)).ToList();
            if (moments.Count == 0) return;
            var storedMoments = (await ops.LoadManyAsync<ClinicMonthMoments>(ct, moments.Select(m => RetentionMath.MonthName(m.Key)).ToArray()))
                .ToDictionary(x => x.Id);
            foreach (var (month, d) in moments)
            {
                var id = RetentionMath.MonthName(month);
                var doc = storedMoments.GetValueOrDefault(id) ?? new ClinicMonthMoments { Id = id };
                Merge(doc.Churned, d.Churned);
                Merge(doc.LastVisitChurns, d.Last);
                ops.Store(doc);
            }
        }

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
