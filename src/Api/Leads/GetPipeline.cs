namespace ChiroClick.Api.Leads;

/// <summary><c>GET /api/v1/crm/leads/pipeline</c>.</summary>
public static class GetPipelineEndpoint
{
    /// <summary>Reads the clinic's pipeline document.</summary>
    [WolverineGet("/api/v1/crm/leads/pipeline", OperationId = "getLeadPipeline", Summary = "Get the lead pipeline (stage counts, conversion)")]
    public static Task<PipelineView> Get(IQuerySession session, CancellationToken ct) => PipelineQueries.ViewAsync(session, ct);
}
