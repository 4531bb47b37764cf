using System.Text.Json;
using Alba;
using ChiroClick.Api.Access;
using ChiroClick.Domain.Clinics;
using ChiroClick.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ChiroClick.Tests.Access;

/// <summary>Scenario steps for roles and keys.</summary>
public static class RoleScenarios
{
    /// <summary>Issues a key of <paramref name="role"/> over HTTP with the clinic's admin key; returns the answer.</summary>
    public static async Task<KeyIssued> IssuedKey(this IAlbaHost host, TestClinic admin, string user, KeyRole role, int? expiresInDays = null)
    {
        var result = await host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", admin.Key);
            s.Post.Json(new { user, role = ChiroClick.Api.Infrastructure.ChiroJson.Wire(role), expiresInDays }).ToUrl("/api/v1/admin/keys");
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<KeyIssued>())!;
    }

    /// <summary>The clinic's keys as listed by GET /api/v1/admin/keys.</summary>
    public static async Task<List<ApiKeyView>> Keys(this IAlbaHost host, TestClinic admin)
    {
        var result = await host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", admin.Key);
            s.Get.Url("/api/v1/admin/keys");
        });
        return (await result.ReadAsJsonAsync<List<ApiKeyView>>())!;
    }

    /// <summary>Status of a GET with <paramref name="key"/>.</summary>
    public static async Task<int> StatusOf(this IAlbaHost host, string key, string url)
    {
        var result = await host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", key);
            s.Get.Url(url);
            s.IgnoreStatusCode();
        });
        return result.Context.Response.StatusCode;
    }

    /// <summary>Every Wolverine route's declared access, by "METHOD /template" (constraints removed).</summary>
    public static Dictionary<string, RouteAccess> DeclaredAccess(this IAlbaHost host) =>
        host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<RouteAccess>())
            .OfType<RouteAccess>()
            .ToDictionary(a => $"{a.Method} {a.Template}");

    /// <summary>The operations of the API's own OpenAPI document as "METHOD /path".</summary>
    public static async Task<List<string>> OpenApiOperations(this IAlbaHost host)
    {
        var result = await host.Scenario(s => s.Get.Url("/openapi/v1.json"));
        using var doc = JsonDocument.Parse(await result.ReadAsTextAsync());
        var operations = new List<string>();
        foreach (var path in doc.RootElement.GetProperty("paths").EnumerateObject())
        foreach (var op in path.Value.EnumerateObject())
            if (op.Name is "get" or "post" or "put" or "delete" or "patch")
                operations.Add($"{op.Name.ToUpperInvariant()} {RouteSpec.Normalize(path.Name)}");
        return operations;
    }
}
