using ChiroClick.AiGateway.Ollama;
using ChiroClick.Api.Ai;
using ChiroClick.Api.Assistant.Retrieval;
using ChiroClick.Api.Audit;

namespace ChiroClick.Api.Assistant;

/// <summary>
/// <c>POST /api/v1/assistant/chat/stream</c>: the same question as <c>POST /api/v1/assistant/chat</c>, answered as server-sent
/// events while the model writes: <c>chunk</c> <c>{"content":"..."}</c> per piece, then <c>done</c> with the
/// <see cref="ChatAnswer"/> once the session events are stored. Failures before the first piece are problem details; after
/// it an <c>error</c> event, and nothing is stored.
/// </summary>
public static class StreamAssistantChatEndpoint
{
    /// <summary>400 without a question.</summary>
    public static ProblemDetails Validate(AskAssistant c) => Problems.Validation(ChatSupport.Check(c));

    /// <summary>Retrieves, streams, records.</summary>
    [WolverinePost("/api/v1/assistant/chat/stream", OperationId = "streamAssistantChat", Summary = "Ask the clinical assistant, answered as server-sent events")]
    [Access.CallsModel]
    [Produces("text/event-stream")]
    public static async Task Post(AskAssistant c, HttpContext http, IDocumentSession session, HybridRetriever retriever, OllamaGateway gateway,
        RecordAccessLog log, IOptions<AssistantOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider clock,
        CancellationToken ct)
    {
        await ServerSentEvents.RunAsync(http, json.Value.SerializerOptions, async sse =>
        {
            var (problem, turn) = await ChatSupport.PrepareAsync(c, http, session, retriever, gateway, options.Value, ct);
            if (problem is not null)
            {
                await problem.ExecuteAsync(http);
                return;
            }
            var answer = await gateway.StreamAsync(turn!.Plan, sse.ChunkAsync, ct);
            await ChatSupport.LogAsync(log, http, turn, ct);
            var result = ChatSupport.Record(session, c, turn, answer, clock.GetUtcNow());
            await session.SaveChangesAsync(ct);
            await sse.SendAsync("done", result, ct);
        }, ct);
    }
}
