using ChiroClick.Api.Access;
using ChiroClick.Domain.Clinics;

namespace ChiroClick.Api.Telephony;

/// <summary>
/// Who may call the telephony routes: the phone system's integration key posts call events; the front desk and clinicians see
/// the screen pop and the call log; the call figures are an aggregate analysts see too.
/// </summary>
public sealed class TelephonyAccess : FeatureAccess
{
    /// <summary>Declares the groups.</summary>
    public TelephonyAccess()
    {
        Group("Call events", [KeyRole.Integration], "POST /api/v1/telephony/events");
        Group("Screen pop", [KeyRole.FrontDesk, KeyRole.Clinician], "GET /api/v1/telephony/screen-pop");
        Group("Call log", [KeyRole.FrontDesk, KeyRole.Clinician],
            "/api/v1/telephony/calls", "/api/v1/telephony/calls/{id}", "/api/v1/telephony/calls/{id}/notes");
        Group("Call analytics", [KeyRole.Analyst, KeyRole.FrontDesk], "GET /api/v1/crm/analytics/calls");
    }
}
