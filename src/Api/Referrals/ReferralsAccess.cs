using ChiroClick.Api.Access;
using ChiroClick.Domain.Clinics;

namespace ChiroClick.Api.Referrals;

/// <summary>Who may call the referral routes: clinicians; the stats are an aggregate analysts see too.</summary>
public sealed class ReferralsAccess : FeatureAccess
{
    /// <summary>Declares the groups.</summary>
    public ReferralsAccess()
    {
        Group("Referrals", [KeyRole.Clinician], "/api/v1/crm/referrals", "/api/v1/crm/referrals/{id}");
        Group("Referral stats", [KeyRole.Clinician, KeyRole.Analyst], "GET /api/v1/crm/referrals/stats");
    }
}
