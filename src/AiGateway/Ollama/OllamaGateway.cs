using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using ChiroClick.AiGateway.Routing;
using ChiroClick.AiGateway.Structured;
using ChiroClick.Domain.Ai;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OllamaSharp;
using OllamaSharp.Models;
using OllamaSharp.Models.Chat;
using OllamaSharp.Models.Exceptions;

namespace ChiroClick.AiGateway.Ollama;

/// <summary>What a clinician asks for.</summary>
/// <param name="Task">The task.</param>
/// <param name="Context">Background (e.g. earlier notes), or null.</param>
/// <param name="Input">The text to work on.</param>
/// <param name="PatientAgeRange">Patient's decade range ("40–49") to put in the prompt, or null.</param>
public sealed record AiCall(AiTask Task, string? Context, string Input, string? PatientAgeRange);

/// <summary>How a call will be made: routing, model choice, experiment variant and the prompts.</summary>
/// <param name="Settings">Effective task settings.</param>
/// <param name="Model">Requested and used model, and whether a fallback is in effect.</param>
/// <param name="Variant">Experiment variant name, or null for the control.</param>
/// <param name="SystemPrompt">System prompt to send.</param>
/// <param name="UserPrompt">User prompt to send.</param>
public sealed record AiPlan(TaskSettings Settings, ModelChoice Model, string? Variant, string SystemPrompt, string UserPrompt);

/// <summary>A model's answer.</summary>
/// <param name="Plan">The plan it answered.</param>
/// <param name="Output">Output text; for structured tasks the validated JSON.</param>
/// <param name="LatencyMs">Wall-clock time of the model call in milliseconds.</param>
/// <param name="PromptTokens">Ollama prompt_eval_count.</param>
/// <param name="EvalTokens">Ollama eval_count.</param>
/// <param name="Confidence">Highest diagnosis confidence (0..1), else null.</param>
/// <param name="DroppedItems">Structured items removed by validation (unknown ICPC-2 codes, malformed flags).</param>
/// <param name="DroppedCodes">Unknown ICPC-2 codes the model suggested.</param>
public sealed record AiAnswer(AiPlan Plan, string Output, long LatencyMs, int PromptTokens, int EvalTokens, double? Confidence,
    int DroppedItems, IReadOnlyList<string> DroppedCodes);

/// <summary>
/// The AI gateway: routes a task to its role's model (falling back to the default model when it is not
/// installed), picks an experiment variant, builds the Norwegian prompts and calls Ollama's chat API
/// through OllamaSharp with the task's options and timeout. Failures throw <see cref="AiGatewayException"/>
/// (503 unreachable / model missing, 504 timeout, 502 unusable answer).
/// </summary>
public sealed class OllamaGateway(
    IOllamaApiClient client,
    ModelCatalog catalog,
    IOptions<AiOptions> options,
    IOptions<OllamaOptions> ollama,
    TimeProvider clock,
    ILogger<OllamaGateway> logger)
{
    private static readonly Meter Meter = new("ChiroClick.AiGateway");
    private static readonly Counter<int> DroppedCodesCounter =
        Meter.CreateCounter<int>("chiroclick.ai.icpc2_codes_dropped", description: "Diagnosis codes dropped because they are not ICPC-2 codes");

    /// <summary>Routes the call and chooses model, variant and prompts. Throws 503 when Ollama is unreachable.</summary>
    public async Task<AiPlan> PlanAsync(AiCall call, CancellationToken ct)
    {
        var o = options.Value;
        var settings = TaskProfiles.Resolve(call.Task, o);
        var variant = PickVariant(call.Task, o);
        var requested = variant?.Model ?? o.ModelFor(settings.Role);
        var choice = await catalog.ChooseAsync(requested, ct);
        return new AiPlan(settings, choice, variant?.Name, variant?.SystemPrompt ?? settings.SystemPrompt, UserPrompt(call));
    }

    /// <summary>Calls the model and waits for the whole answer; validates structured answers.</summary>
    public Task<AiAnswer> CompleteAsync(AiPlan plan, CancellationToken ct) => RunWithFallbackAsync(plan, null, ct);

    /// <summary>
    /// Calls the model and hands every content chunk to <paramref name="onChunk"/> as it arrives (for
    /// server-sent events). Nothing is handed over before Ollama has answered, so failures before the
    /// first chunk can still become problem details.
    /// </summary>
    public Task<AiAnswer> StreamAsync(AiPlan plan, Func<string, CancellationToken, Task> onChunk, CancellationToken ct) =>
        RunWithFallbackAsync(plan, onChunk, ct);

    /// <summary>
    /// The cached model list may be stale: when Ollama answers 404 for a model other than the default,
    /// the call is repeated once on the default model and recorded as a fallback.
    /// </summary>
    private async Task<AiAnswer> RunWithFallbackAsync(AiPlan plan, Func<string, CancellationToken, Task>? onChunk, CancellationToken ct)
    {
        try
        {
            return await RunAsync(plan, onChunk, ct);
        }
        catch (AiGatewayException ex) when (ex.Title == MissingTitle && !IsDefault(plan.Model.Used))
        {
            logger.LogWarning("Ollama has no model {Model} (stale model list); falling back to {Default}", plan.Model.Used, options.Value.Models.Default);
            var fallback = plan with { Model = new ModelChoice(plan.Model.Requested, options.Value.Models.Default, true) };
            return await RunAsync(fallback, onChunk, ct);
        }
    }

    private static readonly string MissingTitle = AiGatewayException.ModelMissing("").Title;

    private bool IsDefault(string model) => string.Equals(model, options.Value.Models.Default, StringComparison.OrdinalIgnoreCase);

    private async Task<AiAnswer> RunAsync(AiPlan plan, Func<string, CancellationToken, Task>? onChunk, CancellationToken ct)
    {
        var s = plan.Settings;
        var schema = StructuredOutputs.SchemaFor(s.Task);
        var request = new ChatRequest
        {
            Model = plan.Model.Used,
            Messages = [new Message(ChatRole.System, plan.SystemPrompt), new Message(ChatRole.User, plan.UserPrompt)],
            Stream = true,
            KeepAlive = s.KeepAlive,
            Options = new RequestOptions { Temperature = s.Temperature, NumPredict = s.NumPredict, NumCtx = s.NumCtx },
        };
        if (schema is not null) request.Format = JsonSerializer.SerializeToElement(schema);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(s.Timeout);
        var started = clock.GetTimestamp();
        var content = new StringBuilder();
        ChatDoneResponseStream? done = null;
        try
        {
            await foreach (var chunk in client.ChatAsync(request, timeout.Token).WithCancellation(timeout.Token))
            {
                if (chunk?.Message?.Content is { Length: > 0 } piece)
                {
                    content.Append(piece);
                    if (onChunk is not null) await onChunk(piece, timeout.Token);
                }
                if (chunk is ChatDoneResponseStream last) done = last;
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw AiGatewayException.Timeout(TaskProfiles.Wire(s.Task), plan.Model.Used, s.Timeout);
        }
        catch (HttpRequestException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            catalog.Invalidate();
            throw AiGatewayException.ModelMissing(plan.Model.Used, ex);
        }
        catch (HttpRequestException ex) when (ex.StatusCode is null)
        {
            catalog.Invalidate();
            throw AiGatewayException.Unreachable(ollama.Value.BaseUrl, ex);
        }
        catch (IOException ex)
        {
            throw AiGatewayException.Unreachable(ollama.Value.BaseUrl, ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or OllamaException or InvalidOperationException or JsonException)
        {
            throw AiGatewayException.BadAnswer($"Ollama refused or broke off the call to '{plan.Model.Used}': {ex.Message}", ex);
        }
        var latencyMs = (long)clock.GetElapsedTime(started).TotalMilliseconds;

        var output = content.ToString();
        double? confidence = null;
        var dropped = 0;
        IReadOnlyList<string> droppedCodes = [];
        if (schema is not null)
        {
            StructuredResult result;
            try
            {
                result = StructuredOutputs.Validate(s.Task, output);
            }
            catch (JsonException ex)
            {
                throw AiGatewayException.BadAnswer($"Model '{plan.Model.Used}' did not answer with the JSON schema of '{TaskProfiles.Wire(s.Task)}': {ex.Message}", ex);
            }
            output = result.Json;
            confidence = result.Confidence;
            dropped = result.Dropped;
            droppedCodes = result.DroppedCodes;
            if (result.DroppedCodes.Count > 0)
            {
                DroppedCodesCounter.Add(result.DroppedCodes.Count);
                logger.LogInformation("Dropped {Count} unknown ICPC-2 code(s) from {Model}: {Codes}", result.DroppedCodes.Count,
                    plan.Model.Used, string.Join(", ", result.DroppedCodes));
            }
        }
        return new AiAnswer(plan, output, latencyMs, done?.PromptEvalCount ?? 0, done?.EvalCount ?? 0, confidence, dropped, droppedCodes);
    }

    private static VariantOptions? PickVariant(AiTask task, AiOptions o)
    {
        if (!o.Experiments.TryGetValue(TaskProfiles.Wire(task), out var experiment)) return null;
        var variants = experiment.Variants.Where(v => v.Weight > 0 && !string.IsNullOrWhiteSpace(v.Name)).ToList();
        var total = Math.Max(0, experiment.ControlWeight) + variants.Sum(v => v.Weight);
        if (variants.Count == 0 || total <= 0) return null;
        var draw = Random.Shared.NextDouble() * total;
        foreach (var v in variants)
        {
            if (draw < v.Weight) return v;
            draw -= v.Weight;
        }
        return null;
    }

    /// <summary>The user prompt: patient age range and context (when given) before the input.</summary>
    public static string UserPrompt(AiCall call)
    {
        var hasContext = !string.IsNullOrWhiteSpace(call.Context);
        if (call.PatientAgeRange is null && !hasContext) return call.Input.Trim();
        var sb = new StringBuilder();
        if (call.PatientAgeRange is not null) sb.Append("Pasientens alder: ").Append(call.PatientAgeRange).Append(" år.\n\n");
        if (hasContext) sb.Append("Kontekst:\n").Append(call.Context!.Trim()).Append("\n\n");
        sb.Append("Tekst:\n").Append(call.Input.Trim());
        return sb.ToString();
    }
}
