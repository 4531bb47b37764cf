using ChiroClick.Api.Access;
using ChiroClick.Domain.Clinics;

namespace ChiroClick.Api.Crm;

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

/// <summary>Who may call the survey routes: marketing; NPS figures are an aggregate analysts see too.</summary>
public sealed class SurveysAccess : FeatureAccess
{
    /// <summary>Declares the groups.</summary>
    public SurveysAccess()
    {
        Group("Surveys", [KeyRole.Marketing],
            "/api/v1/crm/surveys", "/api/v1/crm/surveys/{id}/send", "/api/v1/crm/surveys/{id}/responses");
        Group("NPS stats", [KeyRole.Marketing, KeyRole.Analyst], "GET /api/v1/crm/surveys/nps/stats");
    }
}

/// <summary>Who may call the communication log: everyone who talks to patients.</summary>
public sealed class CommunicationsAccess : FeatureAccess
{
    /// <summary>Declares the groups.</summary>
    public CommunicationsAccess() =>
        Group("Communications", [KeyRole.Clinician, KeyRole.FrontDesk, KeyRole.Marketing], "/api/v1/crm/communications");
}

/// <summary>Who may call the retention figures (aggregates only): analysts.</summary>
public sealed class RetentionAccess : FeatureAccess
{
    /// <summary>Declares the groups.</summary>
    public RetentionAccess() =>
        Group("Retention", [KeyRole.Analyst], "GET /api/v1/crm/retention", "GET /api/v1/crm/retention/churn", "GET /api/v1/crm/retention/cohorts");
}

/// <summary>Who may call the overview (counts only, no person): every staff role and analysts.</summary>
public sealed class OverviewAccess : FeatureAccess
{
    /// <summary>Declares the groups.</summary>
    public OverviewAccess() =>
        Group("Overview", [KeyRole.Clinician, KeyRole.FrontDesk, KeyRole.Marketing, KeyRole.Analyst], "GET /api/v1/crm/overview");
}

/// <summary>Who may call the clinic settings: admin only.</summary>
public sealed class SettingsAccess : FeatureAccess
{
    /// <summary>Declares the groups.</summary>
    public SettingsAccess() => Group("Settings", [], "/api/v1/crm/settings");
}

/// <summary>Who may call the waitlist: clinicians and the front desk.</summary>
public sealed class WaitlistAccess : FeatureAccess
{
    /// <summary>Declares the groups.</summary>
    public WaitlistAccess() =>
        Group("Waitlist", [KeyRole.Clinician, KeyRole.FrontDesk], "/api/v1/crm/waitlist", "/api/v1/crm/waitlist/{id}", "/api/v1/crm/waitlist/notify");
}
