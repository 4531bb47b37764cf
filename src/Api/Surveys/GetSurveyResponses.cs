using ChiroClick.Projections.Surveys;
using Wolverine.Persistence;

namespace ChiroClick.Api.Surveys;

/// <summary><c>GET /api/v1/crm/surveys/{id}/responses</c>.</summary>
public static class GetSurveyResponsesEndpoint
{
    /// <summary>The survey's responses in arrival order, paged (<c>page</c> from 1, <c>pageSize</c> 1..200, default 50); 404 for an unknown survey.</summary>
    [WolverineGet("/api/v1/crm/surveys/{id:guid}/responses", OperationId = "listSurveyResponses", Summary = "List the answers to a survey")]
    [ProducesResponseType<Paged<SurveyResponse>>(200)]
    public static IResult Responses([Entity] SurveySummary survey, string? page, string? pageSize)
    {
        if (Paging.Check(page, pageSize, out var number, out var size) is { } bad) return bad;
        return Results.Ok(new Paged<SurveyResponse>(survey.Responses.Skip((number - 1) * size).Take(size).ToList(), number, size, survey.Responses.Count));
    }
}
