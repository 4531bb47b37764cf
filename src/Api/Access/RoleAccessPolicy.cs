using JasperFx;
using JasperFx.CodeGeneration;

namespace ChiroClick.Api.Access;

/// <summary>
/// Applies the features' <see cref="FeatureAccess"/> declarations to every Wolverine endpoint: each chain
/// gets its <see cref="RouteAccess"/> metadata and the matching authorization policy. Start-up fails
/// (<see cref="InvalidOperationException"/> naming the routes) when an endpoint matches no group or several,
/// or a declared route matches no endpoint: a new route cannot go live without a declared policy.
/// </summary>
public sealed class RoleAccessPolicy : IHttpPolicy
{
    /// <inheritdoc />
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        var groups = FeatureAccess.All;
        var problems = new List<string>();
        foreach (var duplicate in groups.GroupBy(g => g.Name).Where(g => g.Count() > 1))
            problems.Add($"route group '{duplicate.Key}' is declared {duplicate.Count()} times");

        var used = new HashSet<RouteSpec>();
        foreach (var chain in chains)
        {
            // Public routes (opt-out pages) say so explicitly and need no key at all; signed provider webhooks
            // authenticate with their own scheme (a Standard Webhooks signature, no key, no role).
            if (IsAnonymous(chain) || UsesOwnScheme(chain)) continue;
            var template = chain.RoutePattern?.RawText ?? "";
            foreach (var method in chain.HttpMethods)
            {
                var matches = groups.SelectMany(g => g.Routes.Where(r => r.Matches(method, template)).Select(r => (Group: g, Route: r))).ToList();
                if (matches.Count != 1)
                {
                    problems.Add(matches.Count == 0
                        ? $"{method} {template} is in no route group: declare it in its feature's *Access class"
                        : $"{method} {template} is in several route groups: {string.Join(", ", matches.Select(m => m.Group.Name))}");
                    continue;
                }
                used.Add(matches[0].Route);
                var access = new RouteAccess(matches[0].Group.Name, method.ToUpperInvariant(), RouteSpec.Normalize(template),
                    matches[0].Group.AllowedRoles(method));
                chain.Metadata.WithMetadata(access).RequireAuthorization(access.Policy());
            }
        }
        foreach (var unused in groups.SelectMany(g => g.Routes.Select(r => (g.Name, Route: r))).Where(x => !used.Contains(x.Route)))
            problems.Add($"route '{unused.Route}' of group '{unused.Name}' matches no endpoint");

        if (problems.Count > 0)
            throw new InvalidOperationException("Route access declarations do not fit the endpoints:\n  " + string.Join("\n  ", problems));
    }

    private static bool UsesOwnScheme(HttpChain chain) =>
        chain.Method.Method.GetCustomAttributes(typeof(Microsoft.AspNetCore.Authorization.AuthorizeAttribute), true)
            .Cast<Microsoft.AspNetCore.Authorization.AuthorizeAttribute>()
            .Any(a => !string.IsNullOrEmpty(a.AuthenticationSchemes) && a.AuthenticationSchemes != ApiKeyAuthentication.SchemeName);

    private static bool IsAnonymous(HttpChain chain) =>
        chain.Method.Method.IsDefined(typeof(Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute), true) ||
        chain.Method.HandlerType.IsDefined(typeof(Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute), true);
}
