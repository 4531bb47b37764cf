using ChiroClick.Api.Access;
using ChiroClick.Domain.Clinics;

namespace ChiroClick.Api.Waitlist;

/// <summary>Who may call the waitlist: clinicians and the front desk.</summary>
public sealed class WaitlistAccess : FeatureAccess
{
    /// <summary>Declares the groups.</summary>
    public WaitlistAccess() =>
        Group("Waitlist", [KeyRole.Clinician, KeyRole.FrontDesk], "/api/v1/crm/waitlist", "/api/v1/crm/waitlist/{id}", "/api/v1/crm/waitlist/notify");
}
