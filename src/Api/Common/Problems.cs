using ChiroClick.Domain.Common;
using Microsoft.AspNetCore.Mvc;

namespace ChiroClick.Api.Common;

/// <summary>RFC 9457 problem details helpers shared by endpoints.</summary>
public static class Problems
{
    /// <summary>400 with per-field errors (a <see cref="ValidationProblemDetails"/>), or "no problems" when empty.</summary>
    public static ProblemDetails Validation(Dictionary<string, string[]> errors) =>
        errors.Count == 0
            ? Wolverine.Http.WolverineContinue.NoProblems
            : new ValidationProblemDetails(errors)
            {
                Status = 400,
                Title = "Invalid request",
                Type = "https://www.rfc-editor.org/rfc/rfc9110#status.400",
                Detail = "One or more fields are missing or invalid; see errors.",
            };

    /// <summary>Problem details for a refused domain decision.</summary>
    public static IResult From(DomainError error) => Results.Problem(
        statusCode: error.Status, title: error.Title, detail: error.Detail,
        type: $"https://www.rfc-editor.org/rfc/rfc9110#status.{error.Status}");

    /// <summary>409 when the client's expected stream version is not the current one.</summary>
    public static IResult StaleVersion(int current, int? expected) => Results.Problem(
        statusCode: 409, title: "Stale version",
        detail: $"The record is at version {current}, you sent expectedVersion {expected}. Read it again and retry.",
        type: "https://www.rfc-editor.org/rfc/rfc9110#status.409",
        extensions: new Dictionary<string, object?> { ["currentVersion"] = current });

    /// <summary>400 for one bad query or body value.</summary>
    public static IResult BadRequest(string detail) => Results.Problem(
        statusCode: 400, title: "Invalid request", detail: detail, type: "https://www.rfc-editor.org/rfc/rfc9110#status.400");

    /// <summary>Adds an error for <paramref name="field"/>.</summary>
    public static void Add(this Dictionary<string, string[]> errors, string field, string message) =>
        errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
}
