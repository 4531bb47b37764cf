using ChiroClick.Projections.Leads;

namespace ChiroClick.Api.Leads;

/// <summary>
/// <c>GET /api/v1/crm/leads/{id}[?version=N | ?asOf=ISO-8601]</c>: one lead with its stream version; with
/// <c>version</c> or <c>asOf</c> the lead as it was then, replayed from its events (auditors). 404 when
/// unknown in this clinic or when it did not exist yet at that point.
/// </summary>
public static class GetLeadEndpoint
{
    /// <summary>Reads the inline projection, or replays the stream for a historical state.</summary>
    [WolverineGet("/api/v1/crm/leads/{id:guid}", OperationId = "getLead", Summary = "Get one lead with its version")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<LeadSummary>(200)]
    public static Task<IResult> Get(Guid id, int? version, DateTimeOffset? asOf, IQuerySession session, CancellationToken ct) =>
        HistoricalRead.ReadAsync<LeadSummary>(session, id, version, asOf, "lead", l => l.Version, ct);
}
