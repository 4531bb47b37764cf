using ChiroClick.Api.Access;
using ChiroClick.Domain.Clinics;

namespace ChiroClick.Api.Workflows;

/// <summary>Who may call the workflow routes (marketing) and the staff tasks they create (clinicians, front desk).</summary>
public sealed class WorkflowsAccess : FeatureAccess
{
    /// <summary>Declares the groups.</summary>
    public WorkflowsAccess()
    {
        Group("Workflows", [KeyRole.Marketing],
            "/api/v1/crm/workflows", "/api/v1/crm/workflows/{id}", "/api/v1/crm/workflows/{id}/toggle", "/api/v1/crm/workflows/{id}/runs",
            "/api/v1/crm/workflows/runs/{runId}");
        Group("Tasks", [KeyRole.Clinician, KeyRole.FrontDesk], "/api/v1/crm/tasks", "/api/v1/crm/tasks/{id}", "/api/v1/crm/tasks/{id}/complete");
    }
}
