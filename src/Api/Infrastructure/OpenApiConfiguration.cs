using Scalar.AspNetCore;

namespace ChiroClick.Api.Infrastructure;

/// <summary>OpenAPI 3.1 document at /openapi/v1.json and the interactive Scalar page at /scalar.</summary>
public static class OpenApiConfiguration
{
    /// <summary>Registers the document generator.</summary>
    public static IServiceCollection AddChiroClickOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1");

    /// <summary>Maps the document and the API page, both without a key.</summary>
    public static void MapChiroClickOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/scalar").AllowAnonymous();
        app.MapGet("/", () => Results.Redirect("/scalar")).ExcludeFromDescription().AllowAnonymous();
    }
}
