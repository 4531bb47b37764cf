using ChiroClick.AiGateway.Routing;
using ChiroClick.Domain.Ai;
using ChiroClick.Projections.Ai;

namespace ChiroClick.Api.Ai;

/// <summary>
/// One row of the AI metrics: day (UTC date of generation) × task × model that answered × variant
/// ("control" when none). Counts of suggestions and of each decision; <c>decided</c> = the four decision
/// counts summed; <c>acceptanceRate</c> = (accepted_as_is + minor_edit) ÷ decided, i.e. the share used
/// with at most a small edit (0..1, null before any decision); medians in milliseconds (null when empty).
/// </summary>
public sealed record AiMetricsFigure(
    DateOnly Day,
    AiTask Task,
    string Model,
    string Variant,
    int Suggestions,
    int AcceptedAsIs,
    int MinorEdit,
    int MajorEdit,
    int Rejected,
    int Decided,
    double? AcceptanceRate,
    double? MedianLatencyMs,
    double? MedianTimeToDecisionMs);

/// <summary>The metrics rows, newest day first.</summary>
public sealed record AiMetricsView(IReadOnlyList<AiMetricsFigure> Rows);

/// <summary>
/// <c>GET /api/v1/ai/metrics?from=&amp;to=&amp;task=</c> (dates yyyy-MM-dd, inclusive). Served from the async
/// <see cref="AiMetrics"/> projection, so it may trail a write by the daemon's lag (typically &lt; 1 s).
/// </summary>
public static class GetAiMetricsEndpoint
{
    /// <summary>Reads the clinic's metrics document.</summary>
    [WolverineGet("/api/v1/ai/metrics", OperationId = "getAiMetrics", Summary = "Get AI quality and latency figures per task, model and variant")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<AiMetricsView>(200)]
    public static async Task<IResult> Get(IQuerySession session, DateOnly? from, DateOnly? to, string? task, CancellationToken ct)
    {
        AiTask? taskFilter = null;
        if (!string.IsNullOrWhiteSpace(task))
        {
            if (!TaskProfiles.TryParseTask(task, out var t)) return Problems.BadRequest($"Unknown task '{task}'. Known tasks: {TaskProfiles.KnownTasks}.");
            taskFilter = t;
        }
        var rows = AiMetricsQueries.Figures(await AiMetricsQueries.LoadAsync(session, ct), from, to, taskFilter);
        return Results.Ok(new AiMetricsView(rows));
    }
}
