using ChiroClick.AiGateway;
using ChiroClick.AiGateway.Ollama;
using ChiroClick.AiGateway.Routing;
using ChiroClick.Domain.Ai;
using ChiroClick.Domain.Patients;

namespace ChiroClick.Api.Ai;

/// <summary>
/// A generated suggestion as answered by <c>POST /api/v1/ai/suggestions</c> (and the SSE "done" event).
/// <c>output</c> is text, or for diagnosis <c>{"diagnoses":[{code,title,confidence,rationale}]}</c> and for
/// red_flags <c>{"flags":[{flag,severity,evidence}]}</c> as a JSON string. <c>droppedItems</c> counts what
/// validation removed (ICPC-2 codes not in the official list, malformed flags); <c>droppedCodes</c> lists the codes.
/// </summary>
public sealed record SuggestionCreated(
    Guid Id,
    string Url,
    AiTask Task,
    ModelRole Role,
    string RequestedModel,
    string ModelUsed,
    bool Fallback,
    string? Variant,
    string? PatientAgeRange,
    string Output,
    long LatencyMs,
    int PromptTokens,
    int EvalTokens,
    double? Confidence,
    int DroppedItems,
    IReadOnlyList<string> DroppedCodes);

/// <summary>Shared steps of the two suggestion endpoints (plain and streaming).</summary>
public static class SuggestionSupport
{
    /// <summary>Longest accepted input or context, in characters.</summary>
    public const int MaxTextLength = 20_000;

    /// <summary>400 for an unknown task (listing the known ones), a missing input, or text too long.</summary>
    public static Dictionary<string, string[]> Check(RequestSuggestion command)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(command.Task))
            errors.Add("task", $"task is required: one of {TaskProfiles.KnownTasks}.");
        else if (!TaskProfiles.TryParseTask(command.Task, out _))
            errors.Add("task", $"Unknown task '{command.Task}'. Known tasks: {TaskProfiles.KnownTasks}.");
        if (string.IsNullOrWhiteSpace(command.Input)) errors.Add("input", "input is required: the text the model should work on.");
        else if (command.Input.Length > MaxTextLength) errors.Add("input", $"input is longer than {MaxTextLength} characters.");
        if (command.Context?.Length > MaxTextLength) errors.Add("context", $"context is longer than {MaxTextLength} characters.");
        return errors;
    }

    /// <summary>
    /// The patient's decade range ("40–49", en dash) today, from PatientRegistered.BirthDate on the
    /// patient stream of this clinic. Found=false when no such patient; Range=null when no patient was
    /// given or the birth date is unknown.
    /// </summary>
    public static async Task<(bool Found, string? Range)> PatientAgeRangeAsync(IQuerySession session, Guid? patientId, TimeProvider clock,
        CancellationToken ct)
    {
        if (patientId is not { } id) return (true, null);
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        var registered = events.Select(e => e.Data).OfType<PatientRegistered>().FirstOrDefault();
        if (registered is null) return (false, null);
        return (true, registered.BirthDate is { } born ? DecadeRange(born, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)) : null);
    }

    /// <summary>Decade range of the age on <paramref name="today"/>: 47 → "40–49", 5 → "0–9".</summary>
    public static string DecadeRange(DateOnly born, DateOnly today)
    {
        var age = today.Year - born.Year;
        if (today < born.AddYears(age)) age--;
        var low = Math.Max(0, age) / 10 * 10;
        return $"{low}–{low + 9}";
    }

    /// <summary>404 when the patient is not one of this clinic's.</summary>
    public static IResult UnknownPatient(Guid? id) => Results.Problem(statusCode: 404, title: "Not found",
        detail: $"No patient {id} in this clinic.", type: "https://www.rfc-editor.org/rfc/rfc9110#status.404");

    /// <summary>The gateway failure as problem details (503 / 504 / 502).</summary>
    public static IResult Problem(AiGatewayException ex) => Results.Problem(statusCode: ex.Status, title: ex.Title, detail: ex.Message,
        type: $"https://www.rfc-editor.org/rfc/rfc9110#status.{ex.Status}");

    /// <summary>The gateway call of a validated request.</summary>
    public static AiCall Call(RequestSuggestion command, string? ageRange)
    {
        TaskProfiles.TryParseTask(command.Task, out var task);
        return new AiCall(task, command.Context, command.Input!, ageRange);
    }

    /// <summary>The event that starts the suggestion stream.</summary>
    public static AiSuggestionGenerated Generated(Guid id, Guid? patientId, string? ageRange, AiAnswer a) => new(
        id, a.Plan.Settings.Task, a.Plan.Settings.Role, a.Plan.Model.Requested, a.Plan.Model.Used, a.Plan.Model.Fallback,
        a.Plan.Variant, patientId, ageRange, a.Plan.SystemPrompt, a.Plan.UserPrompt, a.Output, a.LatencyMs, a.PromptTokens,
        a.EvalTokens, a.Confidence);

    /// <summary>The answer to the client.</summary>
    public static SuggestionCreated Created(AiSuggestionGenerated e, AiAnswer a) => new(
        e.SuggestionId, $"/api/v1/ai/suggestions/{e.SuggestionId}", e.Task, e.Role, e.RequestedModel, e.ModelUsed, e.Fallback,
        e.Variant, e.PatientAgeRange, e.Output, e.LatencyMs, e.PromptTokens, e.EvalTokens, e.Confidence, a.DroppedItems, a.DroppedCodes);
}
