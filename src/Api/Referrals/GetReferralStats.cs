using ChiroClick.Api.Retention;
using ChiroClick.Projections.Referrals;

namespace ChiroClick.Api.Referrals;

/// <summary>Referral figures of one referring patient.</summary>
/// <param name="ReferringPatientId">The referrer.</param>
/// <param name="Referrals">Referrals made.</param>
/// <param name="Converted">Of them, converted.</param>
/// <param name="ConversionRate">Converted ÷ referrals, 0..1 (4 decimals).</param>
/// <param name="RewardsPending">Converted but not yet rewarded.</param>
public sealed record ReferrerFigures(Guid ReferringPatientId, int Referrals, int Converted, double ConversionRate, int RewardsPending);

/// <summary>Referral statistics: totals and per referrer (most referrals first).</summary>
public sealed record ReferralStats(int Referrals, int Converted, double? ConversionRate, int Rewarded, int RewardsPending,
    IReadOnlyList<ReferrerFigures> Referrers);

/// <summary>
/// <c>GET /api/v1/crm/referrals/stats</c>: conversion rate = converted ÷ referrals; rewards pending = converted
/// referrals without ReferralRewarded.
/// </summary>
public static class GetReferralStatsEndpoint
{
    /// <summary>Reads the figures from the clinic's <see cref="ChiroClick.Projections.Retention.ClinicAnalytics"/> document (async).</summary>
    [WolverineGet("/api/v1/crm/referrals/stats", OperationId = "getReferralStats", Summary = "Get referral counts and conversion rate")]
    public static async Task<ReferralStats> Get(IQuerySession session, CancellationToken ct)
    {
        var c = await ClinicAnalyticsStore.ClinicAsync(session, ct);
        return new ReferralStats(c.Referrals, c.ReferralsConverted, c.Referrals == 0 ? null : Math.Round((double)c.ReferralsConverted / c.Referrals, 4),
            c.ReferralsRewarded, c.ReferralRewardsPending,
            c.Referrers.Where(r => r.Value.Referrals > 0)
                .Select(r => new ReferrerFigures(r.Key, r.Value.Referrals, r.Value.Converted, Math.Round((double)r.Value.Converted / r.Value.Referrals, 4),
                    r.Value.RewardsPending))
                .OrderByDescending(f => f.Referrals).ThenBy(f => f.ReferringPatientId).ToList());
    }

    /// <summary>Reference computation (tests): the same figures from every inline referral summary.</summary>
    public static ReferralStats Of(IReadOnlyList<ReferralSummary> all)
    {
        var converted = all.Count(x => x.Converted);
        return new ReferralStats(all.Count, converted, all.Count == 0 ? null : Math.Round((double)converted / all.Count, 4),
            all.Count(x => x.Reward is not null), all.Count(x => x.Converted && x.Reward is null),
            all.GroupBy(x => x.ReferringPatientId)
                .Select(g => new ReferrerFigures(g.Key, g.Count(), g.Count(x => x.Converted), Math.Round((double)g.Count(x => x.Converted) / g.Count(), 4),
                    g.Count(x => x.Converted && x.Reward is null)))
                .OrderByDescending(f => f.Referrals).ThenBy(f => f.ReferringPatientId).ToList());
    }
}
