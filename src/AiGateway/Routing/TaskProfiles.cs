using ChiroClick.Domain.Ai;
using ChiroClick.Domain.Common;

namespace ChiroClick.AiGateway.Routing;

/// <summary>
/// Built-in profile of one task: its model role (DESIGN.md's routing table), Ollama options, whether
/// it is a fast task (short timeout) and whether it answers with structured JSON.
/// </summary>
/// <param name="Task">The task.</param>
/// <param name="Role">Model role per DESIGN.md.</param>
/// <param name="Temperature">Ollama temperature.</param>
/// <param name="NumPredict">Ollama num_predict (tokens).</param>
/// <param name="NumCtx">Ollama num_ctx (tokens).</param>
/// <param name="KeepAlive">Ollama keep_alive duration.</param>
/// <param name="Fast">True for interactive tasks held to <see cref="AiOptions.FastTimeoutSeconds"/>.</param>
/// <param name="Structured">True when the model must answer with the task's JSON schema.</param>
public sealed record TaskProfile(AiTask Task, ModelRole Role, float Temperature, int NumPredict, int NumCtx, string KeepAlive,
    bool Fast, bool Structured);

/// <summary>The effective settings of one call after configuration overrides.</summary>
/// <param name="Task">The task.</param>
/// <param name="Role">Routed role.</param>
/// <param name="Temperature">Ollama temperature.</param>
/// <param name="NumPredict">Ollama num_predict.</param>
/// <param name="NumCtx">Ollama num_ctx.</param>
/// <param name="KeepAlive">Ollama keep_alive.</param>
/// <param name="Timeout">Timeout of the model call.</param>
/// <param name="Structured">True when the answer is structured JSON.</param>
/// <param name="SystemPrompt">Norwegian system prompt.</param>
public sealed record TaskSettings(AiTask Task, ModelRole Role, float Temperature, int NumPredict, int NumCtx, string KeepAlive,
    TimeSpan Timeout, bool Structured, string SystemPrompt);

/// <summary>The task table and its resolution against <see cref="AiOptions"/>.</summary>
public static class TaskProfiles
{
    /// <summary>
    /// Defaults per task. Routing (DESIGN.md): spell_check, soap_norwegian, sms_generation → norwegian;
    /// diagnosis, red_flags, clinical_reasoning → medical; quick_suggestion, autocomplete → fast;
    /// general, clinical_summary → default; consultation_extraction → medical, assistant_chat → default (issue 18).
    /// Low temperatures where the answer must be faithful
    /// (spelling, codes, red flags), a little more freedom for drafts.
    /// </summary>
    public static readonly IReadOnlyDictionary<AiTask, TaskProfile> Defaults = new[]
    {
        new TaskProfile(AiTask.SpellCheck, ModelRole.Norwegian, 0.1f, 512, 2048, "10m", false, false),
        new TaskProfile(AiTask.SoapNorwegian, ModelRole.Norwegian, 0.3f, 1024, 4096, "10m", false, false),
        new TaskProfile(AiTask.SmsGeneration, ModelRole.Norwegian, 0.5f, 200, 2048, "10m", false, false),
        new TaskProfile(AiTask.Diagnosis, ModelRole.Medical, 0.1f, 512, 4096, "10m", false, true),
        new TaskProfile(AiTask.RedFlags, ModelRole.Medical, 0.1f, 512, 4096, "10m", false, true),
        new TaskProfile(AiTask.ClinicalReasoning, ModelRole.Medical, 0.3f, 1024, 4096, "10m", false, false),
        new TaskProfile(AiTask.QuickSuggestion, ModelRole.Fast, 0.2f, 64, 1024, "30m", true, false),
        new TaskProfile(AiTask.Autocomplete, ModelRole.Fast, 0.1f, 32, 1024, "30m", true, false),
        new TaskProfile(AiTask.General, ModelRole.Default, 0.5f, 1024, 4096, "10m", false, false),
        new TaskProfile(AiTask.ClinicalSummary, ModelRole.Default, 0.3f, 1024, 8192, "10m", false, false),
        // A transcript of a long consultation needs a large window; the note must be faithful.
        new TaskProfile(AiTask.ConsultationExtraction, ModelRole.Medical, 0.1f, 2048, 16384, "10m", false, true),
        new TaskProfile(AiTask.AssistantChat, ModelRole.Default, 0.2f, 1024, 8192, "10m", false, false),
    }.ToDictionary(p => p.Task);

    /// <summary>snake_case wire name of a task ("soap_norwegian").</summary>
    public static string Wire(AiTask task) => WireName.Of(task);

    /// <summary>snake_case wire name of a role ("medical").</summary>
    public static string Wire(ModelRole role) => WireName.Of(role);

    /// <summary>Every task's wire name, comma-separated, for error messages.</summary>
    public static string KnownTasks => WireName.Known<AiTask>();

    /// <summary>Parses a task wire name (case-insensitive); false for unknown names and numbers.</summary>
    public static bool TryParseTask(string? wire, out AiTask task) => WireName.TryParse(wire, out task);

    /// <summary>Parses a role wire name (case-insensitive).</summary>
    public static bool TryParseRole(string? wire, out ModelRole role) => WireName.TryParse(wire, out role);

    /// <summary>The role a task is routed to: <c>Ai:Routing:&lt;task&gt;</c> when set to a known role, else the table.</summary>
    public static ModelRole RoleOf(AiTask task, AiOptions options) =>
        options.Routing.TryGetValue(Wire(task), out var configured) && TryParseRole(configured, out var role)
            ? role
            : Defaults[task].Role;

    /// <summary>The effective settings of a task: the table, then <c>Ai:Tasks:&lt;task&gt;</c> overrides.</summary>
    public static TaskSettings Resolve(AiTask task, AiOptions options)
    {
        var p = Defaults[task];
        options.Tasks.TryGetValue(Wire(task), out var o);
        var timeout = o?.TimeoutSeconds ?? (p.Fast ? options.FastTimeoutSeconds : options.TimeoutSeconds);
        return new TaskSettings(task, RoleOf(task, options),
            o?.Temperature ?? p.Temperature,
            o?.NumPredict ?? p.NumPredict,
            o?.NumCtx ?? p.NumCtx,
            o?.KeepAlive ?? p.KeepAlive,
            TimeSpan.FromSeconds(timeout),
            p.Structured,
            o?.SystemPrompt ?? Prompts.SystemPrompts.For(task));
    }
}
