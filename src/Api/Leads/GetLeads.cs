using ChiroClick.Domain.Leads;
using ChiroClick.Projections.Leads;

namespace ChiroClick.Api.Leads;

/// <summary>
/// <c>GET /api/v1/crm/leads?stage=&amp;source=&amp;minScore=&amp;q=&amp;page=1&amp;pageSize=50</c>: leads of the
/// caller's clinic, newest first (captured time, then id, so pages are stable). <c>q</c> matches name,
/// e-mail, phone and reason for contact, case-insensitively. Bad filter values → 400.
/// </summary>
public static class GetLeadsEndpoint
{
    /// <summary>Queries the lead summaries.</summary>
    [WolverineGet("/api/v1/crm/leads", OperationId = "listLeads", Summary = "List leads with filters and paging")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<Paged<LeadSummary>>(200)]
    public static async Task<IResult> Get(IQuerySession session, string? stage, string? source, int? minScore, string? q,
        string? page, string? pageSize, CancellationToken ct)
    {
        if (QueryValues.Enum<LeadStage>(stage, "stage", out var stageFilter) is { } badStage) return badStage;
        if (QueryValues.Enum<LeadSource>(source, "source", out var sourceFilter) is { } badSource) return badSource;
        if (minScore is < 0 or > 100) return Problems.BadRequest("minScore must be between 0 and 100.");
        if (Paging.Check(page, pageSize, out var number, out var size) is { } bad) return bad;
        return Results.Ok(await LeadQueries.ListAsync(session, new LeadFilter(stageFilter, sourceFilter, minScore, q), number, size, ct));
    }
}
