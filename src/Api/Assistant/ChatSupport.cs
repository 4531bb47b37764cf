using System.Text;
using System.Text.RegularExpressions;
using ChiroClick.AiGateway.Ollama;
using ChiroClick.Api.Ai;
using ChiroClick.Api.Assistant.Retrieval;
using ChiroClick.Api.Audit;
using ChiroClick.Domain.Ai;
using ChiroClick.Domain.Assistant;

namespace ChiroClick.Api.Assistant;

/// <summary>Body of <c>POST /api/v1/assistant/chat</c> (and <c>/stream</c>): an existing session or none (a new one), the question, optionally the patient.</summary>
public sealed record AskAssistant(Guid? SessionId, string? Question, Guid? PatientId);

/// <summary>A source the answer cites: its number in the context, kind, id, patient (null for documents) and a snippet.</summary>
public sealed record ChatCitation(int Number, KnowledgeSourceType SourceType, Guid SourceId, Guid? PatientId, string Snippet);

/// <summary>The assistant's answer: the session, the question, the answer, what it cites, and the AI suggestion to give feedback on.</summary>
public sealed record ChatAnswer(Guid SessionId, Guid QuestionId, string Answer, IReadOnlyList<ChatCitation> Citations, Guid SuggestionId);

/// <summary>One prepared question: where it goes (a new session or an existing one at a version), what the model is shown, the plan.</summary>
public sealed record ChatTurn(Guid SessionId, bool NewSession, long ExpectedVersion, Guid QuestionId, IReadOnlyList<ChatSource> Shown, AiPlan Plan);

/// <summary>The steps the plain and the streaming chat share.</summary>
public static partial class ChatSupport
{
    /// <summary>Route of the plain chat, as the access log names it.</summary>
    public const string Route = "/api/v1/assistant/chat";

    /// <summary>400 without a question.</summary>
    public static Dictionary<string, string[]> Check(AskAssistant c)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(c.Question)) errors.Add("question", "question is required.");
        return errors;
    }

    /// <summary>
    /// Checks session and patient (404 problems), retrieves the <see cref="AssistantOptions.ContextChunks"/> best chunks in the
    /// caller's scope and plans the model call (task assistant_chat). Throws <see cref="AiGateway.AiGatewayException"/>.
    /// </summary>
    public static async Task<(IResult? Problem, ChatTurn? Turn)> PrepareAsync(AskAssistant c, HttpContext http, IDocumentSession session,
        HybridRetriever retriever, OllamaGateway gateway, AssistantOptions options, CancellationToken ct)
    {
        long version = 0;
        if (c.SessionId is { } sid)
        {
            var state = await session.Events.FetchStreamStateAsync(sid, ct);
            if (state is null || state.AggregateType != typeof(ChatSession)) return (NotFound($"No chat session {sid} in this clinic."), null);
            version = state.Version;
        }
        if (c.PatientId is { } pid && await session.LoadAsync<Projections.Patients.PatientSummary>(pid, ct) is null)
            return (SuggestionSupport.UnknownPatient(pid), null);
        var scope = RetrievalScope.For(http.User, session.TenantId, c.PatientId);
        var chunks = await retriever.SearchAsync(session, scope, c.Question!, options.ContextChunks, ct);
        var shown = chunks.Select((r, i) => new ChatSource(i + 1, r.Chunk.SourceType, r.Chunk.SourceId, r.Chunk.PatientId, r.Chunk.Id,
            Snippets.Around(r.Chunk.Text, c.Question!, options.SnippetLength))).ToList();
        var plan = await gateway.PlanAsync(new AiCall(AiTask.AssistantChat, null, Prompt(c.Question!, chunks), null), ct);
        return (null, new ChatTurn(c.SessionId ?? Guid.CreateVersion7(), c.SessionId is null, version, Guid.CreateVersion7(), shown, plan));
    }

    /// <summary>The user prompt: the numbered chunks, then the question.</summary>
    public static string Prompt(string question, IReadOnlyList<RetrievedChunk> chunks)
    {
        var sb = new StringBuilder("Utdrag fra klinikkens journaler og dokumenter:\n");
        if (chunks.Count == 0) sb.Append("(ingen utdrag funnet)\n");
        for (var i = 0; i < chunks.Count; i++)
            sb.Append('[').Append(i + 1).Append("] ").Append(chunks[i].Chunk.Title).Append('\n').Append(chunks[i].Chunk.Text.Trim()).Append("\n\n");
        return sb.Append("Spørsmål: ").Append(question.Trim()).ToString();
    }

    /// <summary>The sources the answer cites by number ("[2]", "[1, 3]"), in order of their numbers; unknown numbers are ignored.</summary>
    public static IReadOnlyList<ChatSource> Cited(string answer, IReadOnlyList<ChatSource> shown)
    {
        var numbers = Citation().Matches(answer).SelectMany(m => m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries))
            .Select(n => int.TryParse(n, out var x) ? x : 0).ToHashSet();
        return shown.Where(s => numbers.Contains(s.Number)).ToList();
    }

    /// <summary>
    /// Appends the turn: a new session stream (ChatSessionStarted) or the existing one at its version (a concurrent question
    /// is a 409), ChatQuestionAsked and ChatAnswered; and the AI suggestion of the answer.
    /// </summary>
    public static ChatAnswer Record(IDocumentSession session, AskAssistant c, ChatTurn turn, AiAnswer answer, DateTimeOffset now)
    {
        var suggestion = SuggestionSupport.Generated(Guid.CreateVersion7(), c.PatientId, null, answer);
        session.Events.StartStream<AiSuggestion>(suggestion.SuggestionId, suggestion);
        var cited = Cited(answer.Output, turn.Shown);
        var asked = new ChatQuestionAsked(turn.SessionId, turn.QuestionId, c.Question!.Trim(), c.PatientId, now);
        var answered = new ChatAnswered(turn.SessionId, turn.QuestionId, suggestion.SuggestionId, answer.Output, cited, turn.Shown, now);
        if (turn.NewSession) session.Events.StartStream<ChatSession>(turn.SessionId, new ChatSessionStarted(turn.SessionId, c.PatientId, now), asked, answered);
        else session.Events.Append(turn.SessionId, turn.ExpectedVersion + 2, asked, answered);
        return new ChatAnswer(turn.SessionId, turn.QuestionId, answer.Output,
            cited.Select(s => new ChatCitation(s.Number, s.SourceType, s.SourceId, s.PatientId, s.Snippet)).ToList(), suggestion.SuggestionId);
    }

    /// <summary>The read of the clinic's records is access-logged like a GET: the patients whose sources the model was shown.</summary>
    public static Task LogAsync(RecordAccessLog log, HttpContext http, ChatTurn turn, CancellationToken ct) =>
        log.AppendAsync(http, Route, 201,
            new AccessedRecords(turn.Shown.Where(s => s.PatientId is not null).Select(s => s.PatientId!.Value).Distinct().ToList(), [], turn.Shown.Count), ct);

    /// <summary>404 problem details.</summary>
    public static IResult NotFound(string detail) =>
        Results.Problem(statusCode: 404, title: "Not found", detail: detail, type: "https://www.rfc-editor.org/rfc/rfc9110#status.404");

    [GeneratedRegex(@"\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]")]
    private static partial Regex Citation();
}
