namespace ChiroClick.Domain.Common;

/// <summary>
/// What kind of refusal a <see cref="DomainError"/> is. The domain says only the kind; the Api maps each
/// kind to an HTTP status in one place (<c>ChiroClick.Api.Common.Problems</c>).
/// </summary>
public enum DomainErrorKind
{
    /// <summary>The command itself is malformed or incomplete (answered 400).</summary>
    Invalid,

    /// <summary>The record the command names does not exist in this clinic (answered 404).</summary>
    NotFound,

    /// <summary>The command conflicts with the record's current state (answered 409).</summary>
    Conflict,

    /// <summary>A rule of the domain forbids the command in the current state (answered 422).</summary>
    BusinessRule,
}
