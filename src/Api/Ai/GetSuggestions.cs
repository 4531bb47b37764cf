using ChiroClick.AiGateway.Routing;
using ChiroClick.Api.Infrastructure;
using ChiroClick.Domain.Ai;
using ChiroClick.Projections.Ai;

namespace ChiroClick.Api.Ai;

/// <summary>
/// <c>GET /api/v1/ai/suggestions?task=&amp;feedback=&amp;patientId=&amp;page=1&amp;pageSize=50</c>: the clinic's
/// suggestions, newest first. <c>feedback</c> is pending (not decided yet) or accepted_as_is, minor_edit,
/// major_edit, rejected. Bad filter values → 400.
/// </summary>
public static class GetSuggestionsEndpoint
{
    /// <summary>Queries the suggestion views.</summary>
    [WolverineGet("/api/v1/ai/suggestions", OperationId = "listSuggestions", Summary = "List AI suggestions")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<Paged<AiSuggestionView>>(200)]
    public static async Task<IResult> Get(IQuerySession session, string? task, string? feedback, Guid? patientId, int? page, int? pageSize,
        CancellationToken ct)
    {
        if (Paging.Check(page, pageSize) is { } badPage) return badPage;
        var (number, size) = Paging.Of(page, pageSize);
        IQueryable<AiSuggestionView> query = session.Query<AiSuggestionView>();
        if (!string.IsNullOrWhiteSpace(task))
        {
            if (!TaskProfiles.TryParseTask(task, out var t)) return Problems.BadRequest($"Unknown task '{task}'. Known tasks: {TaskProfiles.KnownTasks}.");
            query = query.Where(x => x.Task == t);
        }
        if (!string.IsNullOrWhiteSpace(feedback))
        {
            if (string.Equals(feedback.Trim(), "pending", StringComparison.OrdinalIgnoreCase)) query = query.Where(x => x.Feedback == null);
            else if (ChiroJson.TryParse<FeedbackKind>(feedback, out var f)) query = query.Where(x => x.Feedback == f);
            else return Problems.BadRequest($"Unknown feedback '{feedback}'; use pending or one of {ChiroJson.Known<FeedbackKind>()}.");
        }
        if (patientId is { } p) query = query.Where(x => x.PatientId == p);
        return Results.Ok(await Paging.PageAsync(query.OrderByDescending(x => x.GeneratedAt).ThenByDescending(x => x.Id), number, size, ct));
    }
}
