using ChiroClick.Api.Access;
using ChiroClick.Domain.Clinics;

namespace ChiroClick.Api.Surveys;

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
