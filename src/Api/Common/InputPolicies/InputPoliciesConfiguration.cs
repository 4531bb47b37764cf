namespace ChiroClick.Api.Common.InputPolicies;

/// <summary>Wires the input policies into the request pipeline (after authentication, before the endpoints).</summary>
public static class InputPoliciesConfiguration
{
    /// <summary>
    /// Adds <see cref="RouteAndQueryPolicy"/> and <see cref="JsonBodyPolicy"/>. Call after
    /// <c>UseAuthorization</c>, so a caller without a key learns nothing about a route but 401.
    /// </summary>
    public static IApplicationBuilder UseInputPolicies(this IApplicationBuilder app) =>
        app.UseMiddleware<RouteAndQueryPolicy>().UseMiddleware<JsonBodyPolicy>();
}
