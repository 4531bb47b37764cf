using ChiroClick.Projections.Waitlist;
using Wolverine.Persistence;

namespace ChiroClick.Api.Waitlist;

/// <summary><c>GET /api/v1/crm/waitlist/{id}</c>: one entry with its offers; 404 when unknown.</summary>
public static class GetWaitlistEntryEndpoint
{
    /// <summary>Reads the inline projection.</summary>
    [WolverineGet("/api/v1/crm/waitlist/{id:guid}", OperationId = "getWaitlistEntry", Summary = "Get one waitlist entry")]
    public static WaitlistEntrySummary Get([Entity] WaitlistEntrySummary entry) => entry;
}
