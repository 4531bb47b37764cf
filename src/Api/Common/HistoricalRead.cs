namespace ChiroClick.Api.Common;

/// <summary>
/// Reads a single-stream read model now, or as it was: at stream <c>version</c> N or <c>asOf</c> a time
/// (ISO-8601), by replaying the stream's events through the same projection (for auditors).
/// </summary>
public static class HistoricalRead
{
    /// <summary>
    /// 200 with the document; 400 for version &lt; 1 or both parameters; 404 when the record is unknown in
    /// this clinic or did not exist yet at that point. <paramref name="versionOf"/> reads the stream
    /// version the document holds.
    /// </summary>
    public static async Task<IResult> ReadAsync<T>(IQuerySession session, Guid id, int? version, DateTimeOffset? asOf, string what,
        Func<T, long> versionOf, CancellationToken ct) where T : class
    {
        if (version is < 1) return Problems.BadRequest("version starts at 1.");
        if (version is not null && asOf is not null) return Problems.BadRequest("Give either version or asOf, not both.");

        var document = version is null && asOf is null
            ? await session.LoadAsync<T>(id, ct)
            : await session.Events.AggregateStreamAsync<T>(id, version ?? 0, asOf, token: ct);
        if (document is null || (version is { } v && versionOf(document) < v))
        {
            var when = version is { } n ? $" at version {n}" : asOf is { } t ? $" as of {t:O}" : "";
            return Results.Problem(statusCode: 404, title: "Not found", detail: $"No {what} {id} in this clinic{when}.");
        }
        return Results.Ok(document);
    }
}
