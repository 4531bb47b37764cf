using System.Text.Json;
using ChiroClick.AiGateway.Ollama;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OllamaSharp;

namespace ChiroClick.Api.Health;

/// <summary>
/// <c>GET /health</c> (no key needed): "healthy" / "degraded" / "unhealthy" with one entry per check.
/// The database is required (unhealthy → 503); Ollama is optional (unreachable → degraded, still 200),
/// because the CRM works without the AI features.
/// </summary>
public static class HealthConfiguration
{
    /// <summary>Registers the database and Ollama checks.</summary>
    public static IServiceCollection AddChiroClickHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", HealthStatus.Unhealthy, ["ready"])
            .AddCheck<OllamaHealthCheck>("ollama", HealthStatus.Degraded, ["ai"]);
        return services;
    }

    /// <summary>Maps <c>/health</c> with a JSON body.</summary>
    public static void MapChiroClickHealth(this WebApplication app) =>
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResponseWriter = async (context, report) =>
            {
                context.Response.ContentType = "application/json";
                await JsonSerializer.SerializeAsync(context.Response.Body, new
                {
                    status = report.Status.ToString().ToLowerInvariant(),
                    totalMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
                    checks = report.Entries.ToDictionary(e => e.Key, e => new
                    {
                        status = e.Value.Status.ToString().ToLowerInvariant(),
                        description = e.Value.Description,
                        ms = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                    }),
                });
            },
        }).AllowAnonymous();
}

/// <summary>Healthy when PostgreSQL answers a trivial query.</summary>
internal sealed class DatabaseHealthCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var session = store.QuerySession();
            await session.QueryAsync<int>("select 1", ct);
            return HealthCheckResult.Healthy("PostgreSQL reachable");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL unreachable: " + ex.Message);
        }
    }
}

/// <summary>Healthy when Ollama answers; otherwise degraded with how to start it.</summary>
internal sealed class OllamaHealthCheck(IOptions<OllamaOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var o = options.Value;
        using var http = new HttpClient { BaseAddress = new Uri(o.BaseUrl), Timeout = TimeSpan.FromSeconds(o.HealthTimeoutSeconds) };
        using var client = new OllamaApiClient(http);
        try
        {
            if (await client.IsRunningAsync(ct))
                return HealthCheckResult.Healthy($"Ollama reachable at {o.BaseUrl}");
        }
        catch (Exception)
        {
            // Reported below: unreachable is a degraded state, not a failure of the API.
        }
        return new HealthCheckResult(context.Registration.FailureStatus,
            $"Ollama not reachable at {o.BaseUrl}: AI features are unavailable. Start it with 'ollama serve' and build the models with ai-training/build-models.sh.");
    }
}
