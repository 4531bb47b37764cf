namespace ChiroClick.Domain.Common;

/// <summary>
/// Why a business rule refused a command. Endpoints turn it into RFC 9457 problem details with the
/// given HTTP status (422 for a rule violation, 409 for a conflicting state, 400 for malformed input).
/// </summary>
/// <param name="Status">HTTP status to answer with.</param>
/// <param name="Title">Short, stable summary (problem details "title").</param>
/// <param name="Detail">Human-readable explanation for this occurrence.</param>
public sealed record DomainError(int Status, string Title, string Detail)
{
    /// <summary>A rule of the domain forbids the command in the current state (422).</summary>
    public static DomainError Rule(string detail) => new(422, "Business rule violated", detail);

    /// <summary>The command conflicts with the record's current state (409).</summary>
    public static DomainError Conflict(string detail) => new(409, "Conflict", detail);

    /// <summary>The command itself is malformed or incomplete (400).</summary>
    public static DomainError Invalid(string detail) => new(400, "Invalid request", detail);
}

/// <summary>
/// The outcome of a pure decision: either the events to append (possibly none) or the
/// <see cref="DomainError"/> explaining why nothing may be appended.
/// </summary>
public sealed class Decision
{
    private Decision(IReadOnlyList<object> events, DomainError? error)
    {
        Events = events;
        Error = error;
    }

    /// <summary>Events to append, in order; empty when <see cref="Error"/> is set.</summary>
    public IReadOnlyList<object> Events { get; }

    /// <summary>The refusal, or null when the command is accepted.</summary>
    public DomainError? Error { get; }

    /// <summary>True when the command was accepted.</summary>
    public bool Accepted => Error is null;

    /// <summary>Accept the command and append these events.</summary>
    public static Decision Append(params object[] events) => new(events, null);

    /// <summary>Refuse the command.</summary>
    public static Decision Refuse(DomainError error) => new([], error);

    /// <summary>Implicitly refuse with the given error.</summary>
    public static implicit operator Decision(DomainError error) => Refuse(error);
}
