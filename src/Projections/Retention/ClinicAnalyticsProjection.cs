using ChiroClick.Domain.Clinics;
using ChiroClick.Domain.Patients;
using ChiroClick.Domain.Referrals;
using ChiroClick.Domain.Surveys;
using ChiroClick.Domain.Waitlist;
using JasperFx.Events.Projections;

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
/// <para>
/// Built for rebuilds at clinic-chain scale: it subscribes only to the event types it reads (<see cref="EventTypes"/>, so
/// the daemon fetches nothing else), and the exact churn moments — needed only to cut "now"'s month at read time — are
/// kept only for months from the one before the latest recording time (<see cref="ClinicAnalytics.LatestRecordedAt"/>, the
/// events' own timestamps; a read is always later than the events it reads) onwards. Without that every page would
/// rewrite every month's moment list, a cost that grows with the clinic.
/// </para>
/// </summary>
public sealed partial class ClinicAnalyticsProjection : ProjectionBase, IProjection
{
    /// <summary>Projection name (progress row; <c>projections rebuild -p ClinicAnalytics</c>).</summary>
    public new const string Name = "ClinicAnalytics";

    /// <summary>The documents this projection writes (deleted on rebuild, compared by <c>projections verify</c>).</summary>
    public static readonly IReadOnlyList<Type> PublishedDocumentTypes =
        [typeof(ClinicAnalytics), typeof(ClinicMonth), typeof(ClinicMonthMoments), typeof(NpsMonthCounts), typeof(AnalyticsPatient), typeof(AnalyticsReferral)];

    /// <summary>
    /// Events per daemon page. Each page costs one load and one write of every shared document it touches (clinic, months,
    /// NPS months) besides the patients' own state, so larger pages make rebuilds cheaper; 10,000 was the fastest of
    /// 5,000 / 10,000 / 20,000 on the 2-core development machine (within its noise; docs/benchmarks.md).
    /// </summary>
    public const int PageSize = 10_000;

    /// <summary>The event types the projection reads; the daemon fetches only these.</summary>
    public static readonly IReadOnlyList<Type> EventTypes =
    [
        typeof(PatientRegistered), typeof(VisitCompleted), typeof(LifecycleStageChanged), typeof(ClinicSettingsChanged),
        typeof(SurveyResponseReceived), typeof(WaitlistEntryAdded), typeof(WaitlistEntryClosed), typeof(ReferralRecorded),
        typeof(ReferralConverted), typeof(ReferralRewarded),
    ];

    /// <summary>Declares <see cref="EventTypes"/> as the projection's event filter.</summary>
    public ClinicAnalyticsProjection()
    {
        base.Name = Name;
        foreach (var type in EventTypes) IncludeType(type);
    }

    /// <summary>Applies one page of events (all tenants).</summary>
    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        foreach (var tenant in events.Where(Relevant).GroupBy(e => e.TenantId))
        {
            var ops = string.IsNullOrEmpty(tenant.Key) || tenant.Key == operations.TenantId ? operations : operations.ForTenant(tenant.Key);
            await ApplyTenantAsync(ops, tenant.OrderBy(e => e.Sequence).ToList(), cancellation);
        }
    }

    private static bool Relevant(IEvent e) => EventTypes.Contains(e.Data.GetType());

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
        var momentsFromBefore = clinic.MomentsFromMonth;
        var nps = new Dictionary<string, NpsMonthCounts>();

        foreach (var e in events)
        {
            if (e.Timestamp > clinic.LatestRecordedAt) clinic.LatestRecordedAt = e.Timestamp;
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

        await delta.ApplyAsync(ops, clinic.MomentsFromMonth, ct);
        // Months that fell out of the moments window: their totals stay in ClinicMonth, the exact moments are no longer needed.
        for (var m = momentsFromBefore; m < clinic.MomentsFromMonth && momentsFromBefore > 0; m++)
            ops.Delete<ClinicMonthMoments>(RetentionMath.MonthName(m));
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
}
