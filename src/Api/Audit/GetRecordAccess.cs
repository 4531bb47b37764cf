using System.Security.Claims;
using ChiroClick.Api.Access;

namespace ChiroClick.Api.Audit;

/// <summary>A page of the access log and the cursor for the next page.</summary>
public sealed record RecordAccessPage(IReadOnlyList<RecordAccess> Items, long? NextAfter);

/// <summary>
/// <c>GET /api/v1/audit/access?user=&amp;recordId=&amp;from=&amp;to=&amp;after=&amp;limit=100</c>: the clinic's
/// record-access log, oldest first, keyset-paged by id (pass <c>nextAfter</c> as <c>after</c>).
/// </summary>
public static class GetRecordAccessEndpoint
{
    /// <summary>Reads the log.</summary>
    [WolverineGet("/api/v1/audit/access", OperationId = "listRecordAccess", Summary = "List the record-access log")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<RecordAccessPage>(200)]
    public static async Task<IResult> Get(HttpContext http, RecordAccessLog log, string? user, string? recordId,
        DateTimeOffset? from, DateTimeOffset? to, long? after, int? limit, CancellationToken ct)
    {
        var take = limit ?? 100;
        if (take is < 1 or > 500) return Problems.BadRequest("limit must be between 1 and 500.");
        var tenant = http.User.FindFirstValue(ApiKeyAuthentication.ClinicClaim)!;
        var rows = await log.ReadAsync(tenant, user, recordId, from, to, after ?? 0, take + 1, ct);
        var items = rows.Take(take).ToList();
        return Results.Ok(new RecordAccessPage(items, rows.Count > take ? items[^1].Id : null));
    }
}
