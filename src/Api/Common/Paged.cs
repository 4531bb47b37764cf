using Marten.Pagination;

namespace ChiroClick.Api.Common;

/// <summary>One page of a list: items, 1-based page number, page size and the total number of matches.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, long TotalCount);

/// <summary>Paging rules shared by list endpoints: <c>page</c> from 1 (default 1), <c>pageSize</c> 1..200 (default 50).</summary>
public static class Paging
{
    /// <summary>Largest page size accepted.</summary>
    public const int MaxPageSize = 200;

    /// <summary>400 problem details for bad paging values, or null when they are fine.</summary>
    public static IResult? Check(int? page, int? pageSize)
    {
        if (page is < 1) return Problems.BadRequest("page starts at 1.");
        if (pageSize is < 1 or > MaxPageSize) return Problems.BadRequest($"pageSize must be between 1 and {MaxPageSize}.");
        return null;
    }

    /// <summary>Parses raw <c>page</c>/<c>pageSize</c> query values: a 400 problem, or null with the values (defaults applied).</summary>
    public static IResult? Check(string? page, string? pageSize, out int number, out int size)
    {
        number = 1;
        size = 50;
        var bad0 = QueryValues.Int(page, "page", out var p);
        var bad1 = QueryValues.Int(pageSize, "pageSize", out var s);
        var bad2 = Check(p, s);
        var bad = bad0 ?? bad1 ?? bad2;
        if (bad is not null) return bad;
        (number, size) = Of(p, s);
        return null;
    }

    /// <summary>
    /// Page <paramref name="page"/> (from 1) of <paramref name="pageSize"/> items of an ordered Marten query, with the total
    /// number of matches (one round trip: Marten's <c>ToPagedListAsync</c> counts in the same statement).
    /// </summary>
    public static async Task<Paged<T>> PageAsync<T>(IQueryable<T> ordered, int page, int pageSize, CancellationToken ct)
    {
        var results = await ordered.ToPagedListAsync(page, pageSize, ct);
        return new Paged<T>(results.ToList(), page, pageSize, results.TotalItemCount);
    }

    /// <summary>As <see cref="PageAsync{T}(IQueryable{T}, int, int, CancellationToken)"/>, each item shaped by <paramref name="view"/>.</summary>
    public static async Task<Paged<TView>> PageAsync<T, TView>(IQueryable<T> ordered, int page, int pageSize, Func<T, TView> view,
        CancellationToken ct)
    {
        var results = await ordered.ToPagedListAsync(page, pageSize, ct);
        return new Paged<TView>([.. results.Select(view)], page, pageSize, results.TotalItemCount);
    }

    /// <summary>The page number and size with defaults applied.</summary>
    public static (int Page, int PageSize) Of(int? page, int? pageSize) => (page ?? 1, pageSize ?? 50);
}
