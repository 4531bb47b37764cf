using ChiroClick.Projections.Assistant;

namespace ChiroClick.Api.Assistant;

/// <summary><c>GET /api/v1/assistant/documents?tag=&amp;page=&amp;pageSize=</c>: the clinic's documents, newest first, paged.</summary>
public static class GetClinicDocumentsEndpoint
{
    /// <summary>Lists the documents (optionally with one tag).</summary>
    [WolverineGet("/api/v1/assistant/documents", OperationId = "listClinicDocuments", Summary = "List the clinic's documents")]
    [ProducesResponseType<Paged<ClinicDocumentSummary>>(200)]
    public static async Task<IResult> Get(IQuerySession session, string? tag, string? page, string? pageSize, CancellationToken ct)
    {
        if (Paging.Check(page, pageSize, out var number, out var size) is { } bad) return bad;
        IQueryable<ClinicDocumentSummary> query = session.Query<ClinicDocumentSummary>();
        if (!string.IsNullOrWhiteSpace(tag))
        {
            var t = tag.Trim().ToLowerInvariant();
            query = query.Where(d => d.Tags.Contains(t));
        }
        return Results.Ok(await Paging.PageAsync(query.OrderByDescending(d => d.AddedAt).ThenBy(d => d.Id), number, size, ct));
    }
}
