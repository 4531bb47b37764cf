using System.Security.Claims;
using ChiroClick.Api.Infrastructure;
using ChiroClick.Domain.Clinics;

namespace ChiroClick.Api.Access;

/// <summary>Body of <c>POST /api/v1/admin/keys</c>: the user the key acts as, its role, and optionally days until it expires (1–3650).</summary>
public sealed record IssueKey(string? User, KeyRole? Role, int? ExpiresInDays = null);

/// <summary>Answer to an issue (201): the key, shown this once, with its prefix, user, role and expiry (UTC, null = never).</summary>
public sealed record KeyIssued(string Key, string Prefix, string User, KeyRole Role, DateTimeOffset? ExpiresAt);

/// <summary>Issues an API key for the caller's clinic (ApiKeyIssued on the clinic stream).</summary>
public static class IssueKeyEndpoint
{
    /// <summary>400 when user or role is missing, the user name is too long or has control characters, or the expiry is out of range.</summary>
    public static ProblemDetails Validate(IssueKey command)
    {
        var errors = new Dictionary<string, string[]>();
        var user = command.User?.Trim() ?? "";
        if (user.Length == 0) errors.Add("user", "user is required: the name recorded on every event appended with the key.");
        else if (user.Length > ApiKeys.MaxUserLength || user.Any(char.IsControl))
            errors.Add("user", $"user must be at most {ApiKeys.MaxUserLength} characters without control characters.");
        if (command.Role is null) errors.Add("role", $"role is required: one of {ChiroJson.Known<KeyRole>()}.");
        if (command.ExpiresInDays is { } days && (days < 1 || days > ApiKeys.MaxExpiresInDays))
            errors.Add("expiresInDays", $"expiresInDays must be between 1 and {ApiKeys.MaxExpiresInDays}, or left out for a key that does not expire.");
        return Problems.Validation(errors);
    }

    /// <summary>Issues the key; 201 with the key in the body (it is stored only as a hash).</summary>
    [WolverinePost("/api/v1/admin/keys", OperationId = "issueKey", Summary = "Issue an API key with a role (shown once)")]
    [ProducesResponseType<KeyIssued>(StatusCodes.Status201Created)]
    public static async Task<IResult> Post(IssueKey command, IDocumentStore store, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var issued = await ApiKeys.IssueKeyAsync(store, ApiKeyAuthentication.ClinicOf(user), command.User!, command.Role!.Value,
            command.ExpiresInDays, clock, user.Identity?.Name ?? "admin", ct);
        if (issued is null) return Results.Problem(statusCode: 404, title: "Clinic not found", type: "https://www.rfc-editor.org/rfc/rfc9110#status.404");
        return Results.Created($"/api/v1/admin/keys/{issued.Prefix}",
            new KeyIssued(issued.Key, issued.Prefix, issued.User, issued.Role, issued.ExpiresAt));
    }
}
