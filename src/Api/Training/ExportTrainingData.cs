using ChiroClick.Api.Infrastructure;
using ChiroClick.Projections.Training.Anonymisation;

namespace ChiroClick.Api.Training;

/// <summary>
/// <c>GET /api/v1/training/export?kind=sft|dpo[&amp;since=N]</c>: the caller's clinic's anonymised examples as
/// JSON Lines (<c>application/jsonl</c>; one compact UTF-8 JSON object per line, ending in \n, nothing else),
/// ordered by decision event sequence, deduplicated by content. Only examples whose decision sequence is above
/// <c>since</c> (default 0 = all). Headers: <c>X-Training-Kind</c>, <c>X-Training-Count</c> (rows before
/// deduplication), <c>X-Training-Watermark</c> (highest sequence included, or <c>since</c>),
/// <c>X-Anonymiser-Version</c>. Read-only: it records no export (the <c>training export</c> command does).
/// Bad kind or negative since → 400.
/// </summary>
public static class ExportTrainingDataEndpoint
{
    /// <summary>Media type of the body.</summary>
    public const string JsonLines = "application/jsonl";

    /// <summary>Streams the lines.</summary>
    [WolverineGet("/api/v1/training/export", OperationId = "exportTrainingData", Summary = "Export anonymised SFT or DPO training data as JSON Lines")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType(typeof(string), StatusCodes.Status200OK, JsonLines)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<Microsoft.AspNetCore.Mvc.ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(IQuerySession session, HttpContext context, string? kind, string? since, CancellationToken ct)
    {
        if (KindOf(kind) is not { } k) return Problems.BadRequest("kind must be sft or dpo.");
        // Parsed here: a bound long? silently turns "abc" into null (= everything).
        long from = 0;
        if (!string.IsNullOrEmpty(since) &&
            (!long.TryParse(since, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out from)))
            return Problems.BadRequest("since must be 0 or a positive event sequence (X-Training-Watermark of an earlier export).");

        var (watermark, count) = await TrainingExampleQueries.RangeAsync(session, k, from, ct);
        var response = context.Response;
        WriteHeaders(response, k, count, watermark);
        var rows = 0;
        await foreach (var line in TrainingExampleQueries.LinesAsync(session, k, from, watermark, ct))
            await WriteLineAsync(response.Body, line, ++rows, ct);
        await response.Body.FlushAsync(ct);
        return Results.Empty;
    }

    private static TrainingExampleKind? KindOf(string? kind) => (kind ?? "").Trim().ToLowerInvariant() switch
    {
        "sft" => TrainingExampleKind.Sft,
        "dpo" => TrainingExampleKind.Dpo,
        _ => null,
    };

    private static void WriteHeaders(HttpResponse response, TrainingExampleKind kind, long count, long watermark)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = JsonLines + "; charset=utf-8";
        response.Headers["X-Training-Kind"] = ChiroJson.Wire(kind);
        response.Headers["X-Training-Count"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["X-Training-Watermark"] = watermark.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["X-Anonymiser-Version"] = Anonymiser.Version;
    }

    private static readonly ReadOnlyMemory<byte> NewLine = "\n"u8.ToArray();

    private static async Task WriteLineAsync(Stream body, byte[] line, int row, CancellationToken ct)
    {
        await body.WriteAsync(line, ct);
        // Asynchronous only: Kestrel aborts the response on a synchronous write (WriteByte) once headers are sent.
        await body.WriteAsync(NewLine, ct);
        // Flush now and then so a large export streams instead of piling up in the response buffer.
        if (row % 500 == 0) await body.FlushAsync(ct);
    }
}
