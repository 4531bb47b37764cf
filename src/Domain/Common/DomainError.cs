namespace ChiroClick.Domain.Common;

/// <summary>
/// Why a business rule refused a command. It carries a <see cref="DomainErrorKind"/>, not an HTTP status:
/// the Api turns it into RFC 9457 problem details, mapping the kind to a status in one place.
/// </summary>
/// <param name="Kind">What kind of refusal this is.</param>
/// <param name="Title">Short, stable summary (problem details "title").</param>
/// <param name="Detail">Human-readable explanation for this occurrence.</param>
public sealed record DomainError(DomainErrorKind Kind, string Title, string Detail)
{
    /// <summary>A rule of the domain forbids the command in the current state.</summary>
    public static DomainError Rule(string detail) => new(DomainErrorKind.BusinessRule, "Business rule violated", detail);

    /// <summary>The command conflicts with the record's current state; <paramref name="title"/> names the conflict.</summary>
    public static DomainError Conflict(string detail, string title = "Conflict") => new(DomainErrorKind.Conflict, title, detail);

    /// <summary>The command itself is malformed or incomplete.</summary>
    public static DomainError Invalid(string detail) => new(DomainErrorKind.Invalid, "Invalid request", detail);

    /// <summary>The record the command names does not exist; <paramref name="title"/> names what is missing.</summary>
    public static DomainError NotFound(string detail, string title = "Not found") => new(DomainErrorKind.NotFound, title, detail);
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
