using ChiroClick.Domain.Surveys;

namespace ChiroClick.Api.Surveys;

/// <summary>Body of <c>POST /api/v1/crm/surveys</c>.</summary>
public sealed record CreateSurvey(string? Name, string? Question = null);

/// <summary>Answer to a created survey (201).</summary>
public sealed record SurveyCreatedResponse(Guid Id, string Url) : CreationResponse(Url);

/// <summary>
/// Surveys and NPS: create, list, send, receive responses, list responses, NPS statistics. NPS: promoters
/// score 9–10, passives 7–8, detractors 0–6; NPS = 100 × (promoters − detractors) ÷ responses (−100..100).
/// </summary>
public static class CreateSurveyEndpoint
{
    /// <summary>400 without a name.</summary>
    public static ProblemDetails Validate(CreateSurvey command) =>
        Problems.Validation(string.IsNullOrWhiteSpace(command.Name) ? new() { ["name"] = ["name is required."] } : new());

    /// <summary>Creates a survey (SurveyCreated).</summary>
    [WolverinePost("/api/v1/crm/surveys", OperationId = "createSurvey", Summary = "Create a survey (NPS question)")]
    public static (SurveyCreatedResponse, IStartStream) Create(CreateSurvey command)
    {
        var id = Guid.CreateVersion7();
        return (new SurveyCreatedResponse(id, $"/api/v1/crm/surveys/{id}"),
            MartenOps.StartStream<Survey>(id, SurveyDecisions.Create(id, command.Name!, command.Question)));
    }
}
