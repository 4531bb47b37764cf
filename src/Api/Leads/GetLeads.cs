using ChiroClick.Api.Common;
using ChiroClick.Api.Infrastructure;
using ChiroClick.Domain.Leads;
using ChiroClick.Projections.Leads;
using Marten;
using Marten.Pagination;
using Wolverine.Http;

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
        LeadStage? stageFilter = null;
        if (!string.IsNullOrWhiteSpace(stage))
        {
            if (!ChiroJson.TryParse<LeadStage>(stage, out var s)) return Problems.BadRequest($"Unknown stage '{stage}'; use one of {ChiroJson.Known<LeadStage>()}.");
            stageFilter = s;
        }
        LeadSource? sourceFilter = null;
        if (!string.IsNullOrWhiteSpace(source))
        {
            if (!ChiroJson.TryParse<LeadSource>(source, out var s)) return Problems.BadRequest($"Unknown source '{source}'; use one of {ChiroJson.Known<LeadSource>()}.");
            sourceFilter = s;
        }
        if (minScore is < 0 or > 100) return Problems.BadRequest("minScore must be between 0 and 100.");
        if (Paging.Check(page, pageSize, out var number, out var size) is { } bad) return bad;

        IQueryable<LeadSummary> query = session.Query<LeadSummary>();
        if (stageFilter is { } st) query = query.Where(x => x.Stage == st);
        if (sourceFilter is { } so) query = query.Where(x => x.Source == so);
        if (minScore is { } min) query = query.Where(x => x.Score >= min);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            query = query.Where(x => x.FullName.Contains(text, StringComparison.OrdinalIgnoreCase)
                                     || (x.Email != null && x.Email.Contains(text, StringComparison.OrdinalIgnoreCase))
                                     || (x.Phone != null && x.Phone.Contains(text))
                                     || (x.Complaint != null && x.Complaint.Contains(text, StringComparison.OrdinalIgnoreCase)));
        }

        var results = await query.OrderByDescending(x => x.CapturedAt).ThenByDescending(x => x.Id).ToPagedListAsync(number, size, ct);
        return Results.Ok(new Paged<LeadSummary>(results.ToList(), number, size, results.TotalItemCount));
    }
}
