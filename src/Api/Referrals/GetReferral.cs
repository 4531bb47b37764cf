using ChiroClick.Projections.Referrals;
using Wolverine.Persistence;

namespace ChiroClick.Api.Referrals;

/// <summary><c>GET /api/v1/crm/referrals/{id}</c>: one referral; 404 when unknown.</summary>
public static class GetReferralEndpoint
{
    /// <summary>Reads the inline projection.</summary>
    [WolverineGet("/api/v1/crm/referrals/{id:guid}", OperationId = "getReferral", Summary = "Get one referral")]
    public static ReferralSummary Get([Entity] ReferralSummary referral) => referral;
}
