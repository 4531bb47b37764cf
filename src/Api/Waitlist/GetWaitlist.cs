using ChiroClick.Projections.Waitlist;

namespace ChiroClick.Api.Waitlist;

/// <summary><c>GET /api/v1/crm/waitlist?open=true&amp;patientId=&amp;page=&amp;pageSize=</c>: highest priority first, then longest waiting.</summary>
public static class GetWaitlistEndpoint
{
    /// <summary>Queries the entries.</summary>
    [WolverineGet("/api/v1/crm/waitlist", OperationId = "listWaitlistEntries", Summary = "List waitlist entries by priority")]
    [ProducesResponseType<Paged<WaitlistEntrySummary>>(200)]
    public static async Task<IResult> Get(IQuerySession session, string? open, string? patientId, string? page, string? pageSize, CancellationToken ct)
    {
        var bad0 = QueryValues.Bool(open, "open", out var isOpen);
        var bad1 = QueryValues.Guid(patientId, "patientId", out var patient);
        var bad2 = Paging.Check(page, pageSize, out var number, out var size);
        if ((bad0 ?? bad1 ?? bad2) is { } bad) return bad;
        IQueryable<WaitlistEntrySummary> query = session.Query<WaitlistEntrySummary>();
        if (isOpen is { } o) query = query.Where(x => x.Open == o);
        if (patient is { } p) query = query.Where(x => x.PatientId == p);
        return Results.Ok(await Paging.PageAsync(query.OrderByDescending(x => x.Priority).ThenBy(x => x.AddedAt).ThenBy(x => x.Id), number, size, ct));
    }
}
