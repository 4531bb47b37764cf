using ChiroClick.Api.Common;
using ChiroClick.Api.Infrastructure;
using ChiroClick.Domain.Leads;
using ChiroClick.Projections.Leads;
using Marten;
using Marten.Pagination;
using Wolverine.Http;

namespace ChiroClick.Api.Leads;

/// <summary>One page of a list: items, 1-based page number, page size and the total number of matches.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, long TotalCount);

/// <summary>
/// <c>GET /api/v1/crm/leads?stage=&amp;source=&amp;minScore=&amp;q=&amp;page=1&amp;pageSize=50</c>: leads of the
/// caller's clinic, newest first (captured time, then id, so pages are stable). <c>q</c> matches name,
/// e-mail, phone and reason for contact, case-insensitively. Bad filter values → 400.
/// </summary>
public static class GetLeadsEndpoint
{
    /// <summary>Largest page size accepted.</summary>
    public const int MaxPageSize = 200;

    /// <summary>Queries the lead summaries.</summary>
    [WolverineGet("/api/v1/crm/leads")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<Paged<LeadSummary>>(200)]
    public static async Task<IResult> Get(IQuerySession session, string? stage, string? source, int? minScore, string? q,
        int? page, int? pageSize, CancellationToken ct)
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
        var number = page ?? 1;
        var size = pageSize ?? 50;
        if (number < 1) return Problems.BadRequest("page starts at 1.");
        if (size is < 1 or > MaxPageSize) return Problems.BadRequest($"pageSize must be between 1 and {MaxPageSize}.");

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
