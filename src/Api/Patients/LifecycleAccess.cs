using ChiroClick.Api.Access;
using ChiroClick.Domain.Clinics;

namespace ChiroClick.Api.Patients;

/// <summary>Who may call the lifecycle routes: clinicians; the stats are an aggregate analysts see too.</summary>
public sealed class LifecycleAccess : FeatureAccess
{
    /// <summary>Declares the groups.</summary>
    public LifecycleAccess()
    {
        Group("Lifecycle", [KeyRole.Clinician], "GET /api/v1/crm/lifecycle", "PUT /api/v1/crm/lifecycle/{id}");
        Group("Lifecycle stats", [KeyRole.Clinician, KeyRole.Analyst], "GET /api/v1/crm/lifecycle/stats");
    }
}
