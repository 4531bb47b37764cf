using ChiroClick.Api.Access;
using ChiroClick.Domain.Clinics;

namespace ChiroClick.Api.Campaigns;

/// <summary>Who may call the campaign routes: marketing; the providers' callbacks take integration keys.</summary>
public sealed class CampaignsAccess : FeatureAccess
{
    /// <summary>Declares the groups.</summary>
    public CampaignsAccess()
    {
        Group("Campaigns", [KeyRole.Marketing],
            "/api/v1/crm/campaigns", "/api/v1/crm/campaigns/{id}", "/api/v1/crm/campaigns/{id}/schedule", "/api/v1/crm/campaigns/{id}/launch",
            "/api/v1/crm/campaigns/{id}/stats", "/api/v1/crm/campaigns/{id}/optout");
        Group("Provider callbacks", [KeyRole.Integration], "POST /api/v1/crm/campaigns/{id}/events", "POST /api/v1/crm/sms/inbound");
    }
}
