using ChiroClick.AiGateway;
using ChiroClick.AiGateway.Ollama;
using ChiroClick.Domain.Ai;

namespace ChiroClick.Api.Ai;

/// <summary>
/// Body of <c>POST /api/v1/ai/suggestions</c> (and <c>/stream</c>): <c>task</c> (snake_case, e.g.
/// soap_norwegian), optional <c>patientId</c> (the patient's decade range goes into the prompt and the
/// event), optional <c>context</c> and the required <c>input</c> text.
/// </summary>
public sealed record RequestSuggestion(string? Task, Guid? PatientId, string? Context, string? Input);

/// <summary>
/// Asks the routed model and records AiSuggestionGenerated on a new suggestion stream. 201 with the
/// suggestion; 400 unknown task (lists the known ones) or missing input; 404 unknown patient;
/// 503 Ollama unreachable or model not built (says how to start/build); 504 model timeout;
/// 502 unusable answer. Nothing is appended on failure.
/// </summary>
public static class RequestSuggestionEndpoint
{
    /// <summary>400 for bad input.</summary>
    public static ProblemDetails Validate(RequestSuggestion command) => Problems.Validation(SuggestionSupport.Check(command));

    /// <summary>Calls the model and starts the suggestion stream with AiSuggestionGenerated.</summary>
    [WolverinePost("/api/v1/ai/suggestions", OperationId = "requestSuggestion", Summary = "Request an AI suggestion for a task")]
    [Access.CallsModel]
    [ProducesResponseType<SuggestionCreated>(201)]
    public static async Task<(IResult, IStartStream?)> Post(RequestSuggestion command, OllamaGateway gateway, IQuerySession session,
        TimeProvider clock, CancellationToken ct)
    {
        var (found, ageRange) = await SuggestionSupport.PatientAgeRangeAsync(session, command.PatientId, clock, ct);
        if (!found) return (SuggestionSupport.UnknownPatient(command.PatientId), null);
        AiAnswer answer;
        try
        {
            answer = await gateway.CompleteAsync(await gateway.PlanAsync(SuggestionSupport.Call(command, ageRange), ct), ct);
        }
        catch (AiGatewayException ex)
        {
            return (SuggestionSupport.Problem(ex), null);
        }
        var generated = SuggestionSupport.Generated(Guid.CreateVersion7(), command.PatientId, ageRange, answer);
        var created = SuggestionSupport.Created(generated, answer);
        return (Results.Created(created.Url, created), MartenOps.StartStream<AiSuggestion>(generated.SuggestionId, generated));
    }
}
