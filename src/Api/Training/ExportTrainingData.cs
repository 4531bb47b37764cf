using ChiroClick.Api.Common;
using ChiroClick.Projections.Training;
using ChiroClick.Projections.Training.Anonymisation;
using Marten;
using Wolverine.Http;

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
        var k = (kind ?? "").Trim().ToLowerInvariant();
        if (k is not ("sft" or "dpo")) return Problems.BadRequest("kind must be sft or dpo.");
        // Parsed here: a bound long? silently turns "abc" into null (= everything).
        long from = 0;
        if (!string.IsNullOrEmpty(since) &&
            (!long.TryParse(since, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out from)))
            return Problems.BadRequest("since must be 0 or a positive event sequence (X-Training-Watermark of an earlier export).");

        long count;
        long watermark = from;
        if (k == "sft")
        {
            // Watermark first, then the count up to it: the daemon may add examples in between, and the count
            // must describe exactly the rows streamed (the daemon commits in sequence order).
            if (await session.Query<SftExample>().AnyAsync(x => x.Sequence > from, ct))
                watermark = await session.Query<SftExample>().Where(x => x.Sequence > from).MaxAsync(x => x.Sequence, ct);
            count = await session.Query<SftExample>().CountAsync(x => x.Sequence > from && x.Sequence <= watermark, ct);
        }
        else
        {
            if (await session.Query<DpoExample>().AnyAsync(x => x.Sequence > from, ct))
                watermark = await session.Query<DpoExample>().Where(x => x.Sequence > from).MaxAsync(x => x.Sequence, ct);
            count = await session.Query<DpoExample>().CountAsync(x => x.Sequence > from && x.Sequence <= watermark, ct);
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = JsonLines + "; charset=utf-8";
        response.Headers["X-Training-Kind"] = k;
        response.Headers["X-Training-Count"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["X-Training-Watermark"] = watermark.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["X-Anonymiser-Version"] = Anonymiser.Version;

        var body = response.Body;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rows = 0;
        if (k == "sft")
        {
            await foreach (var ex in session.Query<SftExample>().Where(x => x.Sequence > from && x.Sequence <= watermark).OrderBy(x => x.Sequence).ToAsyncEnumerable(ct))
                if (seen.Add(ex.ContentHash)) await WriteLineAsync(body, TrainingJson.Utf8(ex.Line), ++rows, ct);
        }
        else
        {
            await foreach (var ex in session.Query<DpoExample>().Where(x => x.Sequence > from && x.Sequence <= watermark).OrderBy(x => x.Sequence).ToAsyncEnumerable(ct))
                if (seen.Add(ex.ContentHash)) await WriteLineAsync(body, TrainingJson.Utf8(ex.Line), ++rows, ct);
        }
        await body.FlushAsync(ct);
        return Results.Empty;
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
