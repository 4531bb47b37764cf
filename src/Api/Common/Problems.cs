using ChiroClick.Domain.Common;

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

    /// <summary>
    /// The HTTP status for each kind of domain refusal — the one place kinds become status codes:
    /// Invalid → 400, NotFound → 404, Conflict → 409, BusinessRule → 422.
    /// </summary>
    public static int StatusOf(DomainErrorKind kind) => kind switch
    {
        DomainErrorKind.Invalid => StatusCodes.Status400BadRequest,
        DomainErrorKind.NotFound => StatusCodes.Status404NotFound,
        DomainErrorKind.Conflict => StatusCodes.Status409Conflict,
        DomainErrorKind.BusinessRule => StatusCodes.Status422UnprocessableEntity,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unmapped domain error kind."),
    };

    /// <summary>Problem details for a refused domain decision (status from <see cref="StatusOf"/>).</summary>
    public static IResult From(DomainError error)
    {
        var status = StatusOf(error.Kind);
        return Results.Problem(statusCode: status, title: error.Title, detail: error.Detail,
            type: $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}");
    }

    /// <summary>
    /// Problem details for a refused domain decision without a <c>type</c> of ours: ASP.NET fills in its default type
    /// for the status. For the endpoints that have always answered so (their responses stay as they were).
    /// </summary>
    public static IResult FromUntyped(DomainError error) =>
        Results.Problem(statusCode: StatusOf(error.Kind), title: error.Title, detail: error.Detail);

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

    /// <summary>
    /// Sets the response status and writes problem details (<c>type</c> the RFC 9110 section of <paramref name="status"/>) through
    /// ASP.NET's <see cref="IProblemDetailsService"/>, for exception handlers; false when no writer accepted the response.
    /// </summary>
    public static async ValueTask<bool> TryWriteAsync(this IProblemDetailsService problems, HttpContext context, Exception exception,
        int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Type = $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}", Detail = detail },
        });
    }

    /// <summary>
    /// Answers an authentication challenge: 401, <c>WWW-Authenticate: <paramref name="challenge"/></c> and problem details whose
    /// detail tells the caller what to send.
    /// </summary>
    public static async Task WriteUnauthorizedAsync(HttpResponse response, string challenge, string detail)
    {
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = challenge;
        await response.WriteAsJsonAsync(new ProblemDetails
        {
            Status = 401,
            Title = "Unauthorized",
            Type = "https://www.rfc-editor.org/rfc/rfc9110#status.401",
            Detail = detail,
        }, options: null, contentType: "application/problem+json");
    }
}
