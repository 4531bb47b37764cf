namespace ChiroClick.Api.Access;

/// <summary>Who may manage API keys and dead letters: admin only (auditors may list them, as every GET).</summary>
public sealed class AdminAccess : FeatureAccess
{
    /// <summary>Declares the groups.</summary>
    public AdminAccess()
    {
        Group("API keys", [], "/api/v1/admin/keys", "/api/v1/admin/keys/{prefix}");
        Group("Dead letters", [], "/api/v1/admin/dead-letters", "/api/v1/admin/dead-letters/{id}/replay");
    }
}
