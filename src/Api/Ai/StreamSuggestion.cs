using ChiroClick.AiGateway.Ollama;
using ChiroClick.Domain.Ai;

namespace ChiroClick.Api.Ai;

/// <summary>
/// <c>POST /api/v1/ai/suggestions/stream</c>: the same request as <c>POST /api/v1/ai/suggestions</c>, answered
/// as server-sent events (<c>text/event-stream</c>) while the model writes, for long tasks (SOAP notes,
/// summaries). Events: <c>chunk</c> with <c>{"content":"..."}</c> per piece of text, then <c>done</c>
/// with the <see cref="SuggestionCreated"/> once AiSuggestionGenerated is stored. Failures before the
/// first piece are ordinary problem details (400/404/502/503/504); a failure after it is an <c>error</c>
/// event with problem details, and nothing is stored.
/// </summary>
public static class StreamSuggestionEndpoint
{
    /// <summary>400 for bad input.</summary>
    public static ProblemDetails Validate(RequestSuggestion command) => Problems.Validation(SuggestionSupport.Check(command));

    /// <summary>Streams the model's answer, then starts the suggestion stream.</summary>
    [WolverinePost("/api/v1/ai/suggestions/stream", OperationId = "streamSuggestion", Summary = "Request an AI suggestion as server-sent events")]
    [Access.CallsModel]
    [Produces("text/event-stream")]
    public static async Task Post(RequestSuggestion command, HttpContext http, OllamaGateway gateway, IDocumentSession session,
        TimeProvider clock, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct)
    {
        var (found, ageRange) = await SuggestionSupport.PatientAgeRangeAsync(session, command.PatientId, clock, ct);
        if (!found)
        {
            await SuggestionSupport.UnknownPatient(command.PatientId).ExecuteAsync(http);
            return;
        }
        await ServerSentEvents.RunAsync(http, json.Value.SerializerOptions, async sse =>
        {
            var plan = await gateway.PlanAsync(SuggestionSupport.Call(command, ageRange), ct);
            var answer = await gateway.StreamAsync(plan, sse.ChunkAsync, ct);
            var generated = SuggestionSupport.Generated(Guid.CreateVersion7(), command.PatientId, ageRange, answer);
            // Appended and committed here, not returned: the "done" event may only be written once the suggestion is stored.
            session.Events.StartStream<AiSuggestion>(generated.SuggestionId, generated);
            await session.SaveChangesAsync(ct);
            await sse.SendAsync("done", SuggestionSupport.Created(generated, answer), ct);
        }, ct);
    }
}
