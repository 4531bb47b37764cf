using ChiroClick.Api.Infrastructure;
using ChiroClick.Domain.Clinics;
using Microsoft.AspNetCore.Authorization;

namespace ChiroClick.Api.Access;

/// <summary>
/// The one place where a feature declares who may call its routes. Each feature folder has one subclass
/// (<c>LeadsAccess</c>, <c>CampaignsAccess</c>, ...) that names its route groups, the routes of each group
/// (<c>"/api/v1/crm/leads/{id}"</c> for every method, or <c>"GET /api/v1/crm/leads/pipeline"</c> for one) and
/// the roles that may call them. <see cref="RoleAccessPolicy"/> applies the declarations to the Wolverine
/// endpoints at start-up and refuses to start when a route has no group, two groups, or a declared route
/// matches no endpoint, so no route can be left open by accident.
/// </summary>
/// <remarks>
/// Two rules hold for every group and are added here, not repeated per feature: <c>admin</c> may call
/// everything, and <c>auditor</c> may call every GET.
/// </remarks>
public abstract class FeatureAccess
{
    private readonly List<RouteGroup> _groups = [];

    /// <summary>The groups this feature declared, in declaration order.</summary>
    public IReadOnlyList<RouteGroup> Groups => _groups;

    /// <summary>Declares a group of routes and the roles (besides admin, and auditor on GETs) that may call them.</summary>
    /// <param name="name">Name shown in the README table and in 403 answers, e.g. "Leads".</param>
    /// <param name="roles">Roles that may call every route of the group.</param>
    /// <param name="routes">Route templates, each optionally preceded by one HTTP method and a space.</param>
    protected void Group(string name, KeyRole[] roles, params string[] routes) =>
        _groups.Add(new RouteGroup(name, [.. roles], [.. routes.Select(RouteSpec.Parse)]));

    /// <summary>Every feature's declarations in the API assembly, in a stable order (by type name).</summary>
    public static IReadOnlyList<RouteGroup> All { get; } = typeof(FeatureAccess).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(FeatureAccess)) && !t.IsAbstract)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .SelectMany(t => ((FeatureAccess)Activator.CreateInstance(t)!).Groups)
        .ToList();
}

/// <summary>A declared group of routes and the roles it names.</summary>
/// <param name="Name">Group name (unique), e.g. "Lead pipeline".</param>
/// <param name="Roles">Declared roles; admin and (for GETs) auditor come on top, see <see cref="AllowedRoles"/>.</param>
/// <param name="Routes">The group's routes.</param>
public sealed record RouteGroup(string Name, IReadOnlyList<KeyRole> Roles, IReadOnlyList<RouteSpec> Routes)
{
    /// <summary>The roles that may call a route of this group with <paramref name="method"/>, in enum order.</summary>
    public IReadOnlyList<KeyRole> AllowedRoles(string method) => Enum.GetValues<KeyRole>()
        .Where(r => r == KeyRole.Admin || Roles.Contains(r) || (r == KeyRole.Auditor && HttpMethods.IsGet(method)))
        .ToList();
}

/// <summary>One declared route: an optional HTTP method (null = every method of that template) and a route template.</summary>
public sealed record RouteSpec(string? Method, string Template)
{
    /// <summary>Parses <c>"GET /api/v1/x/{id}"</c> or <c>"/api/v1/x/{id}"</c>.</summary>
    public static RouteSpec Parse(string spec)
    {
        var parts = spec.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 ? new RouteSpec(parts[0].ToUpperInvariant(), Normalize(parts[1])) : new RouteSpec(null, Normalize(parts[0]));
    }

    /// <summary>True when this spec covers <paramref name="method"/> on <paramref name="template"/>.</summary>
    public bool Matches(string method, string template) =>
        (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase)) &&
        string.Equals(Template, Normalize(template), StringComparison.OrdinalIgnoreCase);

    /// <summary>A template without route constraints or a trailing slash: <c>/x/{id:guid}/</c> → <c>/x/{id}</c>.</summary>
    public static string Normalize(string template) =>
        "/" + System.Text.RegularExpressions.Regex.Replace(template.Trim().Trim('/'), @"\{([^}:?=]+)[^}]*\}", "{$1}");

    /// <inheritdoc />
    public override string ToString() => Method is null ? Template : $"{Method} {Template}";
}

/// <summary>
/// Endpoint metadata of a Wolverine route: its group and the roles that may call it. Read by the 403 answer
/// (<see cref="ForbiddenRoleResponder"/>) and by tests.
/// </summary>
/// <param name="Group">The group's name.</param>
/// <param name="Method">The HTTP method of the endpoint.</param>
/// <param name="Template">The route template.</param>
/// <param name="Roles">The roles that may call it (admin always; auditor on GETs).</param>
public sealed record RouteAccess(string Group, string Method, string Template, IReadOnlyList<KeyRole> Roles)
{
    /// <summary>The roles' wire names: "admin", "front_desk", ...</summary>
    public IReadOnlyList<string> RoleNames => [.. Roles.Select(ChiroJson.Wire)];

    /// <summary>The ASP.NET authorization policy: an authenticated key with one of <see cref="Roles"/>.</summary>
    public AuthorizationPolicy Policy() => new AuthorizationPolicyBuilder(ApiKeyAuthentication.SchemeName)
        .RequireAuthenticatedUser().RequireRole(RoleNames).Build();
}
