using ChiroClick.Domain.Ai;

namespace ChiroClick.AiGateway;

/// <summary>
/// Configuration of the AI gateway, section <c>Ai</c> (environment: <c>Ai__Models__Medical=...</c>).
/// Task keys are the snake_case wire names (<c>soap_norwegian</c>); role values are <c>default</c>,
/// <c>fast</c>, <c>norwegian</c>, <c>medical</c>. Ollama's address is in <see cref="Ollama.OllamaOptions"/> (<c>Ai:Ollama</c>).
/// </summary>
public sealed class AiOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Ai";

    /// <summary>Role → Ollama model name (<c>Ai:Models:Default|Fast|Norwegian|Medical</c>).</summary>
    public ModelNames Models { get; set; } = new();

    /// <summary>Overrides of the task → role table (<c>Ai:Routing:diagnosis=default</c>); unlisted tasks keep DESIGN.md's routing.</summary>
    public Dictionary<string, string> Routing { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Overrides of per-task model options and timeouts (<c>Ai:Tasks:autocomplete:TimeoutSeconds=2</c>).</summary>
    public Dictionary<string, TaskOverrides> Tasks { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Timeout of fast tasks (quick_suggestion, autocomplete) in seconds; default 3.</summary>
    public double FastTimeoutSeconds { get; set; } = 3;

    /// <summary>Timeout of every other task in seconds; default 60.</summary>
    public double TimeoutSeconds { get; set; } = 60;

    /// <summary>How long the list of installed models (<c>/api/tags</c>) is cached, in seconds; default 60.</summary>
    public double ModelListCacheSeconds { get; set; } = 60;

    /// <summary>Experiments per task: variants (another model or system prompt) with traffic weights (<c>Ai:Experiments:general:Variants:0:Name=b</c>).</summary>
    public Dictionary<string, ExperimentOptions> Experiments { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The configured model name of a role.</summary>
    public string ModelFor(ModelRole role) => role switch
    {
        ModelRole.Fast => Models.Fast,
        ModelRole.Norwegian => Models.Norwegian,
        ModelRole.Medical => Models.Medical,
        _ => Models.Default,
    };
}

/// <summary>Ollama model name per role. Defaults are the models ai-training/build-models.sh creates.</summary>
public sealed class ModelNames
{
    /// <summary>General model, also the fallback of every other role; default chiro-no.</summary>
    public string Default { get; set; } = "chiro-no";
    /// <summary>Small, fast model; default chiro-fast.</summary>
    public string Fast { get; set; } = "chiro-fast";
    /// <summary>Norwegian-language model; default chiro-norwegian.</summary>
    public string Norwegian { get; set; } = "chiro-norwegian";
    /// <summary>Medical model; default chiro-medical.</summary>
    public string Medical { get; set; } = "chiro-medical";
}

/// <summary>Per-task overrides; null keeps the built-in default of <see cref="Routing.TaskProfiles"/>.</summary>
public sealed class TaskOverrides
{
    /// <summary>Sampling temperature (Ollama <c>temperature</c>).</summary>
    public float? Temperature { get; set; }
    /// <summary>Most tokens to generate (Ollama <c>num_predict</c>).</summary>
    public int? NumPredict { get; set; }
    /// <summary>Context window in tokens (Ollama <c>num_ctx</c>).</summary>
    public int? NumCtx { get; set; }
    /// <summary>How long Ollama keeps the model loaded after the call (Ollama <c>keep_alive</c>, e.g. "10m").</summary>
    public string? KeepAlive { get; set; }
    /// <summary>Timeout of the model call in seconds.</summary>
    public double? TimeoutSeconds { get; set; }
    /// <summary>Replacement system prompt.</summary>
    public string? SystemPrompt { get; set; }
}

/// <summary>An experiment on one task: the control (configured routing and prompt) plus variants, chosen at random by weight.</summary>
public sealed class ExperimentOptions
{
    /// <summary>Relative traffic weight of the control; default 1. 0 sends all traffic to the variants.</summary>
    public double ControlWeight { get; set; } = 1;
    /// <summary>The variants.</summary>
    public List<VariantOptions> Variants { get; set; } = [];
}

/// <summary>One experiment variant: a name (recorded on the event), a weight, and what it changes.</summary>
public sealed class VariantOptions
{
    /// <summary>Variant name recorded as <c>AiSuggestionGenerated.Variant</c>.</summary>
    public string Name { get; set; } = "";
    /// <summary>Relative traffic weight (≥ 0).</summary>
    public double Weight { get; set; } = 1;
    /// <summary>Ollama model to use instead of the role's model, or null to keep it.</summary>
    public string? Model { get; set; }
    /// <summary>System prompt to use instead of the task's, or null to keep it.</summary>
    public string? SystemPrompt { get; set; }
}
