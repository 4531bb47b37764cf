using ChiroClick.Projections.Surveys;

namespace ChiroClick.Api.Surveys;

/// <summary>A survey in the list: the survey's fields, with the number of responses instead of the responses.</summary>
public sealed record SurveyListItem(Guid Id, int Version, string Name, string Question, int Sent, int ResponseCount, DateTimeOffset CreatedAt);

/// <summary><c>GET /api/v1/crm/surveys</c>.</summary>
public static class GetSurveysEndpoint
{
    /// <summary>Surveys, newest first, paged (<c>page</c> from 1, <c>pageSize</c> 1..200, default 50), without their responses.</summary>
    [WolverineGet("/api/v1/crm/surveys", OperationId = "listSurveys", Summary = "List surveys")]
    [ProducesResponseType<Paged<SurveyListItem>>(200)]
    public static async Task<IResult> List(IQuerySession session, string? page, string? pageSize, CancellationToken ct)
    {
        if (Paging.Check(page, pageSize, out var number, out var size) is { } bad) return bad;
        var total = await session.Query<SurveySummary>().CountAsync(ct);
        // The responses stay in PostgreSQL: only the list's fields are selected.
        var items = await session.Query<SurveySummary>().OrderByDescending(x => x.CreatedAt).ThenBy(x => x.Id).Skip((number - 1) * size).Take(size)
            .Select(x => new SurveyListItem(x.Id, x.Version, x.Name, x.Question, x.Sent, x.Responses.Count, x.CreatedAt))
            .ToListAsync(ct);
        return Results.Ok(new Paged<SurveyListItem>(items, number, size, total));
    }
}
