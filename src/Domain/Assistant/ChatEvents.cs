namespace ChiroClick.Domain.Assistant;

/// <summary>One numbered source the model was shown, and whether the answer cites it.</summary>
/// <param name="Number">The number it had in the prompt's context ([1], [2], ...).</param>
/// <param name="SourceType">Kind of source.</param>
/// <param name="SourceId">Id of the source record (visit note, consultation, document, call).</param>
/// <param name="PatientId">Patient the source is about, or null for clinic documents.</param>
/// <param name="ChunkId">The chunk shown (source, index).</param>
/// <param name="Snippet">The beginning of the chunk (at most 300 characters).</param>
public sealed record ChatSource(int Number, KnowledgeSourceType SourceType, Guid SourceId, Guid? PatientId, string ChunkId, string Snippet);

/// <summary>Marker for every event of a chat session stream.</summary>
public interface IChatSessionEvent
{
    /// <summary>The session's id (= its stream id).</summary>
    Guid SessionId { get; }
}

/// <summary>A chat session with the clinical assistant began. Starts the session stream.</summary>
/// <param name="SessionId">Stream id.</param>
/// <param name="PatientId">Patient the session is about, or null.</param>
/// <param name="StartedAt">When.</param>
public sealed record ChatSessionStarted(Guid SessionId, Guid? PatientId, DateTimeOffset StartedAt) : IChatSessionEvent;

/// <summary>A question was asked (the asker is the event's user name). Personal data: masked on erasure.</summary>
/// <param name="SessionId">Session.</param>
/// <param name="QuestionId">Question id.</param>
/// <param name="Question">The question.</param>
/// <param name="PatientId">Patient the question is about, or null.</param>
/// <param name="AskedAt">When.</param>
public sealed record ChatQuestionAsked(Guid SessionId, Guid QuestionId, string Question, Guid? PatientId, DateTimeOffset AskedAt)
    : IChatSessionEvent;

/// <summary>
/// The assistant answered: the answer is the AI suggestion <paramref name="SuggestionId"/> (its prompt holds the whole
/// context), <paramref name="Shown"/> every numbered source the model was shown, <paramref name="Citations"/> those the
/// answer cites. Personal data: masked on erasure.
/// </summary>
/// <param name="SessionId">Session.</param>
/// <param name="QuestionId">The question answered.</param>
/// <param name="SuggestionId">The AI suggestion of task assistant_chat.</param>
/// <param name="Answer">The model's answer.</param>
/// <param name="Citations">Sources cited by number in the answer.</param>
/// <param name="Shown">Sources in the model's context.</param>
/// <param name="AnsweredAt">When.</param>
public sealed record ChatAnswered(Guid SessionId, Guid QuestionId, Guid SuggestionId, string Answer, IReadOnlyList<ChatSource> Citations,
    IReadOnlyList<ChatSource> Shown, DateTimeOffset AnsweredAt) : IChatSessionEvent;

/// <summary>A chat session (write model): its patient, and the patients its questions were about.</summary>
/// <param name="Id">Session id.</param>
/// <param name="PatientId">Patient at the start, or null.</param>
/// <param name="Questions">Questions asked.</param>
public sealed record ChatSession(Guid Id, Guid? PatientId, int Questions)
{
    /// <summary>Stream version; set by Marten.</summary>
    public int Version { get; init; }

    /// <summary>Starts the aggregate.</summary>
    public static ChatSession Create(ChatSessionStarted e) => new(e.SessionId, e.PatientId, 0);

    /// <summary>Counts the question.</summary>
    public ChatSession Apply(ChatQuestionAsked e) => this with { Questions = Questions + 1 };
}
