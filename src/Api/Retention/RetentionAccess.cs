using ChiroClick.Api.Access;
using ChiroClick.Domain.Clinics;

namespace ChiroClick.Api.Retention;

/// <summary>Who may call the retention figures (aggregates only): analysts.</summary>
public sealed class RetentionAccess : FeatureAccess
{
    /// <summary>Declares the groups.</summary>
    public RetentionAccess() =>
        Group("Retention", [KeyRole.Analyst], "GET /api/v1/crm/retention", "GET /api/v1/crm/retention/churn", "GET /api/v1/crm/retention/cohorts");
}
