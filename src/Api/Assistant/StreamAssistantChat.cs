using System.Text.Json;
using ChiroClick.AiGateway;
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
        var sse = new ServerSentEvents(http, json.Value.SerializerOptions);
        try
        {
            var (problem, turn) = await ChatSupport.PrepareAsync(c, http, session, retriever, gateway, options.Value, ct);
            if (problem is not null)
            {
                await problem.ExecuteAsync(http);
                return;
            }
            var answer = await gateway.StreamAsync(turn!.Plan, (piece, token) => sse.SendAsync("chunk", new { content = piece }, token), ct);
            await ChatSupport.LogAsync(log, http, turn, ct);
            var result = ChatSupport.Record(session, c, turn, answer, clock.GetUtcNow());
            await session.SaveChangesAsync(ct);
            await sse.SendAsync("done", result, ct);
        }
        catch (AiGatewayException ex) when (!sse.Started)
        {
            await SuggestionSupport.Problem(ex).ExecuteAsync(http);
        }
        catch (AiGatewayException ex)
        {
            await sse.SendAsync("error", new ProblemDetails { Status = ex.Status, Title = ex.Title, Detail = ex.Message }, ct);
        }
    }
}

/// <summary>Writes server-sent events (asynchronous writes only); the headers go out with the first event.</summary>
public sealed class ServerSentEvents(HttpContext http, JsonSerializerOptions options)
{
    /// <summary>True once the first event (and so the 200 status) was sent.</summary>
    public bool Started { get; private set; }

    /// <summary>Sends one event with JSON data.</summary>
    public async Task SendAsync(string name, object data, CancellationToken ct)
    {
        if (!Started)
        {
            Started = true;
            http.Response.StatusCode = 200;
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
        }
        await http.Response.WriteAsync($"event: {name}\ndata: {JsonSerializer.Serialize(data, options)}\n\n", ct);
        await http.Response.Body.FlushAsync(ct);
    }
}
