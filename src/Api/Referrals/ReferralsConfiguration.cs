using ChiroClick.Domain.Leads;
using ChiroClick.Projections.Referrals;
using Wolverine.Marten.Subscriptions;

namespace ChiroClick.Api.Referrals;

/// <summary>Marten registration of referrals and the events their handlers react to.</summary>
public static class ReferralsConfiguration
{
    /// <summary>The inline referral read model, indexed by the referred lead.</summary>
    public static void ConfigureReferrals(this StoreOptions opts)
    {
        opts.AddInline<ReferralSummaryProjection>();
        opts.Schema.For<ReferralSummary>().Index(x => x.ReferredLeadId);
    }

    /// <summary>LeadCaptured (a referral named in the lead) and LeadConverted (the referral converts) for the referral handlers.</summary>
    public static void RelayReferralEvents(this IPublishingRelay relay)
    {
        relay.PublishEvent<LeadCaptured>();
        relay.PublishEvent<LeadConverted>();
    }
}
