using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace ChiroClick.Api.Access;

/// <summary>
/// Turns a refused role into 403 problem details (RFC 9457) that name the roles that may call the route:
/// <c>detail</c> in words, <c>allowedRoles</c> and <c>role</c> as extensions. Everything else (401
/// challenges, success) goes to ASP.NET's default handler. (Not named *Handler: Wolverine would take it for a message handler.)
/// </summary>
public sealed class ForbiddenRoleResponder : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    /// <inheritdoc />
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.GetEndpoint()?.Metadata.GetMetadata<RouteAccess>() is { } access)
        {
            var role = context.User.FindFirstValue(ClaimTypes.Role) ?? "none";
            var allowed = access.RoleNames;
            var problem = new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Forbidden for this key's role",
                Type = "https://www.rfc-editor.org/rfc/rfc9110#status.403",
                Detail = $"A key with role '{role}' may not call {access.Method} {access.Template} ({access.Group}). " +
                         $"Roles that may: {string.Join(", ", allowed)}.",
            };
            problem.Extensions["role"] = role;
            problem.Extensions["allowedRoles"] = allowed;
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json");
            return;
        }
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
