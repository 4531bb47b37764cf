using ChiroClick.Api.Access;
using ChiroClick.Domain.Clinics;

namespace ChiroClick.Api.Appointments;

/// <summary>Who may book and manage appointments: the front desk and clinicians (and admin); the weekly figures: analysts.</summary>
public sealed class AppointmentsAccess : FeatureAccess
{
    /// <summary>Declares the groups.</summary>
    public AppointmentsAccess()
    {
        Group("Appointments", [KeyRole.Clinician, KeyRole.FrontDesk], "/api/v1/appointments", "/api/v1/appointments/{id}",
            "/api/v1/appointments/{id}/ics", "/api/v1/appointments/{id}/cancel", "/api/v1/appointments/{id}/confirm",
            "/api/v1/appointments/{id}/check-in", "/api/v1/appointments/{id}/no-show", "/api/v1/appointments/{id}/complete");
        // Aggregates only, like the retention figures: analysts.
        Group("Appointment analytics", [KeyRole.Analyst], "GET /api/v1/crm/analytics/appointments");
    }
}
