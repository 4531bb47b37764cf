using ChiroClick.Domain.Ai;
using Microsoft.Extensions.Options;
using OllamaSharp;

namespace ChiroClick.AiGateway.Ollama;

/// <summary>Which model answers: the one asked for, or the default model after a fallback.</summary>
/// <param name="Requested">Model configured for the role (or the experiment variant's model).</param>
/// <param name="Used">Model that will be called.</param>
/// <param name="Fallback">True when <paramref name="Requested"/> is not installed and the default model is used.</param>
public sealed record ModelChoice(string Requested, string Used, bool Fallback);

/// <summary>Presence of one role's model in Ollama.</summary>
/// <param name="Role">Model role.</param>
/// <param name="ConfiguredModel">Configured model name.</param>
/// <param name="Present">Installed in Ollama (null when Ollama is unreachable).</param>
/// <param name="FallbackInEffect">True when calls for this role go to the default model.</param>
/// <param name="ModelUsed">The model that answers this role now (null when Ollama is unreachable).</param>
public sealed record RoleModelStatus(ModelRole Role, string ConfiguredModel, bool? Present, bool FallbackInEffect, string? ModelUsed);

/// <summary>
/// The models installed in Ollama (<c>GET /api/tags</c>), cached for <see cref="AiOptions.ModelListCacheSeconds"/>.
/// "chiro-no" matches an installed "chiro-no:latest". Unreachable Ollama → <see cref="AiGatewayException"/> 503.
/// </summary>
public sealed class ModelCatalog(IOllamaApiClient client, IOptions<AiOptions> options, IOptions<OllamaOptions> ollama, TimeProvider clock)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Snapshot? _cached;

    private sealed record Snapshot(IReadOnlySet<string> Names, DateTimeOffset At);

    /// <summary>Forgets the cached list (after a 404 from Ollama, or in tests).</summary>
    public void Invalidate() => _cached = null;

    /// <summary>Names of the installed models (with and without the ":latest" tag).</summary>
    public async Task<IReadOnlySet<string>> InstalledAsync(CancellationToken ct)
    {
        var ttl = TimeSpan.FromSeconds(options.Value.ModelListCacheSeconds);
        if (_cached is { } fresh && clock.GetUtcNow() - fresh.At < ttl) return fresh.Names;
        await _gate.WaitAsync(ct);
        try
        {
            if (_cached is { } again && clock.GetUtcNow() - again.At < ttl) return again.Names;
            IEnumerable<OllamaSharp.Models.Model> models;
            // A short limit of its own: a hung Ollama must not hold every request for the task timeout.
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, ollama.Value.HealthTimeoutSeconds)));
            try
            {
                models = await client.ListLocalModelsAsync(limit.Token);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && ex is HttpRequestException or IOException or OperationCanceledException)
            {
                throw AiGatewayException.Unreachable(ollama.Value.BaseUrl, ex);
            }
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var m in models)
            {
                foreach (var n in new[] { m.Name, m.ModelName })
                {
                    if (string.IsNullOrEmpty(n)) continue;
                    names.Add(n);
                    if (n.EndsWith(":latest", StringComparison.OrdinalIgnoreCase)) names.Add(n[..^":latest".Length]);
                }
            }
            _cached = new Snapshot(names, clock.GetUtcNow());
            return names;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Chooses the model for <paramref name="requested"/>: itself when installed, else the default model.</summary>
    public async Task<ModelChoice> ChooseAsync(string requested, CancellationToken ct)
    {
        var installed = await InstalledAsync(ct);
        return installed.Contains(requested)
            ? new ModelChoice(requested, requested, false)
            : new ModelChoice(requested, options.Value.Models.Default, !string.Equals(requested, options.Value.Models.Default, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Status of every role; Present and ModelUsed are null when Ollama is unreachable.</summary>
    public async Task<(bool Reachable, IReadOnlyList<RoleModelStatus> Roles)> StatusAsync(CancellationToken ct)
    {
        IReadOnlySet<string>? installed;
        try
        {
            installed = await InstalledAsync(ct);
        }
        catch (AiGatewayException)
        {
            installed = null;
        }
        var roles = Enum.GetValues<ModelRole>().Select(role =>
        {
            var configured = options.Value.ModelFor(role);
            if (installed is null) return new RoleModelStatus(role, configured, null, false, null);
            var present = installed.Contains(configured);
            return new RoleModelStatus(role, configured, present, !present && role != ModelRole.Default,
                present ? configured : options.Value.Models.Default);
        }).ToList();
        return (installed is not null, roles);
    }
}
