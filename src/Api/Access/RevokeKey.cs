using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;

namespace ChiroClick.Api.Access;

/// <summary>
/// <c>DELETE /api/v1/admin/keys/{prefix}</c>: revokes the caller's clinic's key with that prefix (ApiKeyRevoked).
/// 204 (also when it was revoked before: nothing is appended then), 404 when no key of the clinic has the prefix,
/// 409 when several active keys share it. The key is refused from the next request on this node, and within
/// a second on every other (see <see cref="ApiKeyAuthentication.CacheLifetime"/>).
/// </summary>
public static class RevokeKeyEndpoint
{
    /// <summary>Revokes the key.</summary>
    [WolverineDelete("/api/v1/admin/keys/{prefix}", OperationId = "revokeKey", Summary = "Revoke an API key by its prefix")]
    public static async Task<IResult> Delete(string prefix, IDocumentStore store, IMemoryCache cache, ClaimsPrincipal user, CancellationToken ct)
    {
        var (outcome, hash) = await ApiKeys.RevokeAsync(store, ApiKeyAuthentication.ClinicOf(user), prefix, user.Identity?.Name ?? "admin", ct);
        if (hash is not null) cache.Remove(ApiKeyAuthentication.CacheKey(hash));
        return outcome switch
        {
            RevokeOutcome.NotFound => Results.Problem(statusCode: 404, title: "Key not found",
                detail: "No key of this clinic has that prefix (see GET /api/v1/admin/keys).", type: "https://www.rfc-editor.org/rfc/rfc9110#status.404"),
            RevokeOutcome.Ambiguous => Results.Problem(statusCode: 409, title: "Prefix is ambiguous",
                detail: "Several active keys of this clinic share that prefix; revoke them from the command line or issue new keys.",
                type: "https://www.rfc-editor.org/rfc/rfc9110#status.409"),
            _ => Results.NoContent(),
        };
    }
}
