using ChiroClick.Api.Access;

namespace ChiroClick.Api.Clinics;

/// <summary>Who may call the clinic settings: admin only.</summary>
public sealed class SettingsAccess : FeatureAccess
{
    /// <summary>Declares the groups.</summary>
    public SettingsAccess() => Group("Settings", [], "/api/v1/crm/settings");
}
