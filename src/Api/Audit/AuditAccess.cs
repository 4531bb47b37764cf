using ChiroClick.Api.Access;
using ChiroClick.Domain.Clinics;

namespace ChiroClick.Api.Audit;

/// <summary>Who may call the audit routes: auditors.</summary>
public sealed class AuditAccess : FeatureAccess
{
    /// <summary>Declares the groups.</summary>
    public AuditAccess() => Group("Audit", [KeyRole.Auditor], "/api/v1/audit/events", "/api/v1/audit/streams/{id}", "/api/v1/audit/access");
}
