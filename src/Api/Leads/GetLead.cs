using ChiroClick.Projections.Leads;
using Wolverine.Http;
using Wolverine.Persistence;

namespace ChiroClick.Api.Leads;

/// <summary><c>GET /api/v1/crm/leads/{id}</c>: one lead with its stream version; 404 when unknown in this clinic.</summary>
public static class GetLeadEndpoint
{
    /// <summary>Reads the lead's inline projection.</summary>
    [WolverineGet("/api/v1/crm/leads/{id:guid}")]
    public static LeadSummary Get([Entity] LeadSummary lead) => lead;
}
