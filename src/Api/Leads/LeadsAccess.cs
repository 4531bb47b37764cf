using ChiroClick.Api.Access;
using ChiroClick.Domain.Clinics;

namespace ChiroClick.Api.Leads;

/// <summary>Who may call the lead routes: the front desk works leads; the pipeline is an aggregate analysts see too.</summary>
public sealed class LeadsAccess : FeatureAccess
{
    /// <summary>Declares the groups.</summary>
    public LeadsAccess()
    {
        Group("Leads", [KeyRole.FrontDesk], "/api/v1/crm/leads", "/api/v1/crm/leads/{id}", "/api/v1/crm/leads/{id}/convert");
        Group("Lead pipeline", [KeyRole.FrontDesk, KeyRole.Analyst], "GET /api/v1/crm/leads/pipeline");
    }
}
