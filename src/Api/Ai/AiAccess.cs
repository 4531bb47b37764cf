using ChiroClick.Api.Access;
using ChiroClick.Domain.Clinics;

namespace ChiroClick.Api.Ai;

/// <summary>Who may call the AI routes: clinicians ask and decide; the metrics are an aggregate analysts see too.</summary>
public sealed class AiAccess : FeatureAccess
{
    /// <summary>Declares the groups.</summary>
    public AiAccess()
    {
        Group("AI suggestions", [KeyRole.Clinician],
            "/api/v1/ai/suggestions", "/api/v1/ai/suggestions/stream", "/api/v1/ai/suggestions/{id}", "/api/v1/ai/suggestions/{id}/accept",
            "/api/v1/ai/suggestions/{id}/modify", "/api/v1/ai/suggestions/{id}/reject", "/api/v1/ai/models");
        Group("AI metrics", [KeyRole.Clinician, KeyRole.Analyst], "GET /api/v1/ai/metrics");
    }
}
