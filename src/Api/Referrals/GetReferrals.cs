using ChiroClick.Projections.Referrals;

namespace ChiroClick.Api.Referrals;

/// <summary><c>GET /api/v1/crm/referrals?referringPatientId=&amp;converted=&amp;page=&amp;pageSize=</c>: newest first.</summary>
public static class GetReferralsEndpoint
{
    /// <summary>Queries the referrals.</summary>
    [WolverineGet("/api/v1/crm/referrals", OperationId = "listReferrals", Summary = "List referrals")]
    [ProducesResponseType<Paged<ReferralSummary>>(200)]
    public static async Task<IResult> Get(IQuerySession session, string? referringPatientId, string? converted, string? page, string? pageSize,
        CancellationToken ct)
    {
        var bad0 = QueryValues.Guid(referringPatientId, "referringPatientId", out var referrer);
        var bad1 = QueryValues.Bool(converted, "converted", out var isConverted);
        var bad2 = Paging.Check(page, pageSize, out var number, out var size);
        if ((bad0 ?? bad1 ?? bad2) is { } bad) return bad;
        IQueryable<ReferralSummary> query = session.Query<ReferralSummary>();
        if (referrer is { } r) query = query.Where(x => x.ReferringPatientId == r);
        if (isConverted is { } c) query = query.Where(x => x.Converted == c);
        return Results.Ok(await Paging.PageAsync(query.OrderByDescending(x => x.RecordedAt).ThenByDescending(x => x.Id), number, size, ct));
    }
}
