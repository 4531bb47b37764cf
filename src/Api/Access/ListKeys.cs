using System.Security.Claims;

namespace ChiroClick.Api.Access;

/// <summary><c>GET /api/v1/admin/keys</c>: the caller's clinic's keys (never the keys themselves), oldest first.</summary>
public static class ListKeysEndpoint
{
    /// <summary>Lists the keys with prefix, user, role, issued, expires, last used, revoked and status.</summary>
    [WolverineGet("/api/v1/admin/keys", OperationId = "listKeys", Summary = "List the clinic's API keys (prefix, user, role, expiry, last use)")]
    public static Task<IReadOnlyList<ApiKeyView>> Get(IDocumentStore store, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct) =>
        ApiKeys.ListAsync(store, ApiKeyAuthentication.ClinicOf(user), clock, ct);
}
