using ChiroClick.AiGateway;
using ChiroClick.AiGateway.Ollama;
using ChiroClick.AiGateway.Routing;
using ChiroClick.Domain.Ai;

namespace ChiroClick.Api.Ai;

/// <summary>A task, the role it is routed to and the model that answers it now (null when Ollama is unreachable).</summary>
public sealed record TaskRoute(AiTask Task, ModelRole Role, string ConfiguredModel, string? ModelUsed, double TimeoutSeconds);

/// <summary>
/// Model status: whether Ollama answers at <c>baseUrl</c>, per role the configured model, whether it is
/// installed (<c>present</c>, null when Ollama is unreachable) and whether the fallback to the default
/// model is in effect; per task the routing. A hint says what to do when something is missing.
/// </summary>
public sealed record AiModelsView(bool OllamaReachable, string BaseUrl, IReadOnlyList<RoleModelStatus> Roles, IReadOnlyList<TaskRoute> Tasks,
    string? Hint);

/// <summary><c>GET /api/v1/ai/models</c>: roles, configured model names, present in Ollama or not, fallback in effect.</summary>
public static class GetAiModelsEndpoint
{
    /// <summary>Reads the (cached) model list from Ollama.</summary>
    [WolverineGet("/api/v1/ai/models", OperationId = "listModels", Summary = "List model roles, configured models and what Ollama has installed")]
    public static async Task<AiModelsView> Get(ModelCatalog catalog, IOptions<AiOptions> options, IOptions<OllamaOptions> ollama,
        CancellationToken ct)
    {
        var (reachable, roles) = await catalog.StatusAsync(ct);
        var byRole = roles.ToDictionary(r => r.Role);
        var tasks = Enum.GetValues<AiTask>().Select(t =>
        {
            var s = TaskProfiles.Resolve(t, options.Value);
            var role = byRole[s.Role];
            return new TaskRoute(t, s.Role, role.ConfiguredModel, role.ModelUsed, s.Timeout.TotalSeconds);
        }).ToList();
        string? hint = !reachable
            ? $"Ollama is not reachable at {ollama.Value.BaseUrl}: start it with 'ollama serve', then build the models with ai-training/build-models.sh."
            : roles.Any(r => r.Present == false)
                ? "Some models are missing (the default model answers for them): build them with ai-training/build-models.sh."
                : null;
        return new AiModelsView(reachable, ollama.Value.BaseUrl, roles, tasks, hint);
    }
}
