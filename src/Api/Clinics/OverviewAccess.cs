using ChiroClick.Api.Access;
using ChiroClick.Domain.Clinics;

namespace ChiroClick.Api.Clinics;

/// <summary>Who may call the overview (counts only, no person): every staff role and analysts.</summary>
public sealed class OverviewAccess : FeatureAccess
{
    /// <summary>Declares the groups.</summary>
    public OverviewAccess() =>
        Group("Overview", [KeyRole.Clinician, KeyRole.FrontDesk, KeyRole.Marketing, KeyRole.Analyst], "GET /api/v1/crm/overview");
}
