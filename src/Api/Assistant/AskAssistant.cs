using ChiroClick.AiGateway;
using ChiroClick.AiGateway.Ollama;
using ChiroClick.Api.Ai;
using ChiroClick.Api.Assistant.Retrieval;
using ChiroClick.Api.Audit;

namespace ChiroClick.Api.Assistant;

/// <summary>
/// <c>POST /api/v1/assistant/chat</c>: answers a question from the clinic's own records. The best chunks in the caller's
/// scope (<see cref="RetrievalScope"/>) go numbered into the prompt of task <c>assistant_chat</c> (default role), whose
/// system prompt makes the model answer only from them, cite them by number, and say when the records do not tell. 201 with
/// the answer, the cited sources and the suggestion id (feedback with the suggestion routes becomes training data). The
/// session is an event stream (ChatSessionStarted, ChatQuestionAsked, ChatAnswered with every source shown), readable in
/// the audit trail; the read is access-logged. 400 no question; 404 unknown session or patient; 409 a concurrent question
/// in the same session; 503/504/502 AI failures, appending nothing.
/// </summary>
public static class AskAssistantEndpoint
{
    /// <summary>400 without a question.</summary>
    public static ProblemDetails Validate(AskAssistant c) => Problems.Validation(ChatSupport.Check(c));

    /// <summary>Retrieves, asks, records.</summary>
    [WolverinePost("/api/v1/assistant/chat", OperationId = "askAssistant", Summary = "Ask the clinical assistant (answers with citations)")]
    [Access.CallsModel]
    [ProducesResponseType<ChatAnswer>(201)]
    public static async Task<IResult> Post(AskAssistant c, HttpContext http, IDocumentSession session, HybridRetriever retriever, OllamaGateway gateway,
        RecordAccessLog log, IOptions<AssistantOptions> options, TimeProvider clock, CancellationToken ct)
    {
        try
        {
            var (problem, turn) = await ChatSupport.PrepareAsync(c, http, session, retriever, gateway, options.Value, ct);
            if (problem is not null) return problem;
            var answer = await gateway.CompleteAsync(turn!.Plan, ct);
            await ChatSupport.LogAsync(log, http, turn, ct);
            var result = ChatSupport.Record(session, c, turn, answer, clock.GetUtcNow());
            return Results.Created($"/api/v1/ai/suggestions/{result.SuggestionId}", result);
        }
        catch (AiGatewayException ex)
        {
            return SuggestionSupport.Problem(ex);
        }
    }
}
