using ChiroClick.Api.Access;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace ChiroClick.Api.Infrastructure;

/// <summary>
/// OpenAPI 3.1 document at /openapi/v1.json (with the X-Api-Key security scheme, so the interactive
/// page can send a key) and the interactive Scalar page at /scalar.
/// </summary>
public static class OpenApiConfiguration
{
    /// <summary>Registers the document generator.</summary>
    public static IServiceCollection AddChiroClickOpenApi(this IServiceCollection services) =>
        services.AddHttpContextAccessor().AddOpenApi("v1", o => o.AddProblemResponses().AddReference().AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "ChiroClick API";
            document.Info.Description = "CRM for chiropractic clinics with local AI. Every request carries an API key in X-Api-Key; " +
                "errors are RFC 9457 problem details. Interactive page: /scalar.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyAuthentication.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeys.Header,
                Description = "Clinic API key (dotnet run --project src/Api -- clinics add \"<clinic name>\")",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiKeyAuthentication.SchemeName, document)] = [],
            });
            return Task.CompletedTask;
        }));

    /// <summary>Maps the document and the API page, both without a key.</summary>
    public static void MapChiroClickOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/scalar").AllowAnonymous();
        app.MapGet("/", () => Results.Redirect("/scalar")).ExcludeFromDescription().AllowAnonymous();
    }
}
