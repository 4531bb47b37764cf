using ChiroClick.Api.Access;

namespace ChiroClick.Api.Privacy;

/// <summary>Who may erase personal data and export what is held about a person: admin only (auditors may read, as every GET).</summary>
public sealed class PrivacyAccess : FeatureAccess
{
    /// <summary>Declares the groups.</summary>
    public PrivacyAccess()
    {
        Group("Privacy", [], "/api/v1/privacy/erasures", "/api/v1/privacy/erasures/{id}", "/api/v1/privacy/subjects/{subjectType}/{id}/export");
    }
}
