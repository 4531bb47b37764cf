using ChiroClick.Api.Infrastructure;
using ChiroClick.Domain.Common;
using JasperFx.Events.Projections;
using Npgsql;

namespace ChiroClick.Api.Tools;

/// <summary>One stored read-model document that differs from its recomputation.</summary>
/// <param name="Projection">Projection that publishes the document.</param>
/// <param name="DocumentType">Read-model type.</param>
/// <param name="TenantId">Clinic (tenant) id, or "*" for single-tenanted documents.</param>
/// <param name="DocumentId">Document id.</param>
/// <param name="Kind">Whether the data differs, or the document is missing or extra.</param>
public sealed record ProjectionDifference(string Projection, string DocumentType, string TenantId, string DocumentId, ProjectionDifferenceKind Kind);

/// <summary>How a stored document differs from its recomputation (printed snake_case).</summary>
public enum ProjectionDifferenceKind
{
    /// <summary>Stored and recomputed, with different data.</summary>
    Different,
    /// <summary>Recomputed but not stored.</summary>
    Missing,
    /// <summary>Stored but not recomputed.</summary>
    Extra,
}

/// <summary>Outcome of a verification: per projection, documents compared and the differences found.</summary>
public sealed record ProjectionVerification(string Projection, long DocumentsCompared, IReadOnlyList<ProjectionDifference> Differences);

/// <summary>
/// Recomputes projections from the raw events and diffs them against the stored read models. The
/// events (up to the current highest sequence) are copied into a shadow schema
/// (<c>chiroclick_verify</c>) with the identical store configuration; each projection is rebuilt
/// there by a dedicated daemon; then every published document table is compared row by row
/// (tenant, id, JSON data); the shadow schema is dropped at the end of every run, failed or not, so no copy of
/// the events outlives it (an erasure masks the event store only). The stored data is only read. Run it when async projections have caught up
/// (the API running and idle, or right after <c>projections rebuild</c>); a lagging projection shows as
/// differences.
/// </summary>
public sealed class ProjectionVerifier(string connectionString)
{
    /// <summary>Shadow schema the recomputation is written to (created for each run and dropped at its end, failed or not).</summary>
    public const string ShadowSchema = MartenConfiguration.Schema + "_verify";

    /// <summary>Most differences reported per document table.</summary>
    public int MaxDifferencesPerTable { get; init; } = 1000;

    /// <summary>
    /// Verifies the named projections (all when <paramref name="only"/> is empty), for the given clinics
    /// (every clinic when <paramref name="clinics"/> is null or empty). Throws
    /// <see cref="ArgumentException"/> for an unknown projection name.
    /// </summary>
    public async Task<IReadOnlyList<ProjectionVerification>> VerifyAsync(IReadOnlyCollection<string> only, Action<string>? progress = null,
        CancellationToken ct = default, IReadOnlyCollection<string>? clinics = null)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await ExecuteAsync(dataSource, $"drop schema if exists {ShadowSchema} cascade", ct);

        var options = new StoreOptions();
        options.ConfigureChiroClickStore(connectionString, ShadowSchema);
        // In the shadow store every projection, inline ones included, is rebuilt by the daemon.
        foreach (var source in options.Projections.All.OfType<ProjectionBase>()) source.Lifecycle = ProjectionLifecycle.Async;
        using var shadow = new DocumentStore(options);
        var names = options.Projections.AllProjectionNames().Select(n => n.Trim('\'')).ToArray();
        var unknown = only.Where(n => !names.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"Unknown projection(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", names)}");
        var selected = only.Count == 0 ? names : names.Where(n => only.Contains(n, StringComparer.OrdinalIgnoreCase)).ToArray();

        try
        {
            await shadow.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            await CopyEventsAsync(dataSource, progress, ct);
            return await CompareAllAsync(dataSource, shadow, options, selected, progress, clinics, ct);
        }
        finally
        {
            // The shadow schema holds a full copy of the events: left behind, it would keep what an erasure masked.
            await ExecuteAsync(dataSource, $"drop schema if exists {ShadowSchema} cascade", CancellationToken.None);
        }
    }

    private static async Task CopyEventsAsync(NpgsqlDataSource dataSource, Action<string>? progress, CancellationToken ct)
    {
        var main = MartenConfiguration.Schema;
        var copied = await ScalarAsync<long>(dataSource, $"""
            insert into {ShadowSchema}.mt_streams select * from {main}.mt_streams;
            insert into {ShadowSchema}.mt_events select * from {main}.mt_events;
            select coalesce(max(seq_id), 0) from {ShadowSchema}.mt_events;
            """, ct);
        if (copied > 0) await ExecuteAsync(dataSource, $"select setval('{ShadowSchema}.mt_events_sequence', {copied})", ct);
        progress?.Invoke($"Copied the event store up to sequence {copied} into {ShadowSchema}");
    }

    private async Task<IReadOnlyList<ProjectionVerification>> CompareAllAsync(NpgsqlDataSource dataSource, DocumentStore shadow, StoreOptions options,
        IReadOnlyList<string> selected, Action<string>? progress, IReadOnlyCollection<string>? clinics, CancellationToken ct)
    {
        var results = new List<ProjectionVerification>();
        using var daemon = await shadow.BuildProjectionDaemonAsync();
        foreach (var name in selected)
        {
            ct.ThrowIfCancellationRequested();
            await daemon.RebuildProjectionAsync(name, TimeSpan.FromMinutes(30), ct);
            options.Projections.TryFindProjection(name, out var source);
            var differences = new List<ProjectionDifference>();
            long compared = 0;
            var published = source!.PublishedTypes().ToList();
            if (published.Count == 0 && name == ChiroClick.Projections.Training.TrainingExampleProjection.Name)
                published.AddRange(ChiroClick.Projections.Training.TrainingExampleProjection.PublishedDocumentTypes);
            if (published.Count == 0 && name == ChiroClick.Projections.Retention.ClinicAnalyticsProjection.Name)
                published.AddRange(ChiroClick.Projections.Retention.ClinicAnalyticsProjection.PublishedDocumentTypes);
            if (published.Count == 0 && name == ChiroClick.Projections.Appointments.AppointmentAnalyticsProjection.Name)
                published.AddRange(ChiroClick.Projections.Appointments.AppointmentAnalyticsProjection.PublishedDocumentTypes);
            if (published.Count == 0 && name == ChiroClick.Projections.Telephony.CallAnalyticsProjection.Name)
                published.AddRange(ChiroClick.Projections.Telephony.CallAnalyticsProjection.PublishedDocumentTypes);
            foreach (var type in published)
            {
                var table = ((IReadOnlyStoreOptions)shadow.Options).FindOrResolveDocumentType(type).TableName.Name;
                var (count, diffs) = await CompareTableAsync(dataSource, table, clinics, ct);
                compared += count;
                differences.AddRange(diffs.Select(d => new ProjectionDifference(name, type.Name, d.Tenant, d.Id, d.Kind)));
            }
            progress?.Invoke($"{name}: {compared} documents compared, {differences.Count} differ");
            results.Add(new ProjectionVerification(name, compared, differences));
        }
        await daemon.StopAllAsync();
        return results;
    }

    private async Task<(long Count, List<(string Tenant, string Id, ProjectionDifferenceKind Kind)> Diffs)> CompareTableAsync(
        NpgsqlDataSource dataSource, string table, IReadOnlyCollection<string>? clinics, CancellationToken ct)
    {
        var main = MartenConfiguration.Schema;
        var tenanted = await ScalarAsync<bool>(dataSource, $"""
            select exists(select 1 from information_schema.columns
                          where table_schema = '{main}' and table_name = '{table}' and column_name = 'tenant_id')
            """, ct);
        var tenant = tenanted ? "tenant_id" : "'*'::text";
        // Only the given clinics (tenants) when asked; single-tenanted documents are compared whole.
        var scope = clinics is { Count: > 0 } && tenanted
            ? "where tenant_id = any(array[" + string.Join(",", clinics.Select(c => "'" + c.Replace("'", "''") + "'")) + "])"
            : "";
        var count = await ScalarAsync<long>(dataSource, $"select count(*) from {ShadowSchema}.{table} {scope}", ct);
        await using var cmd = dataSource.CreateCommand($"""
            with stored as (select {tenant} as tenant, id::text as id, data from {main}.{table} {scope}),
                 recomputed as (select {tenant} as tenant, id::text as id, data from {ShadowSchema}.{table} {scope})
            select coalesce(s.tenant, r.tenant), coalesce(s.id, r.id),
                   case when s.id is null then 'missing' when r.id is null then 'extra' else 'different' end
            from stored s full join recomputed r on s.tenant = r.tenant and s.id = r.id
            where s.id is null or r.id is null or s.data <> r.data
            order by 1, 2
            limit {MaxDifferencesPerTable}
            """);
        var diffs = new List<(string, string, ProjectionDifferenceKind)>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            diffs.Add((reader.GetString(0), reader.GetString(1), WireName.TryParse<ProjectionDifferenceKind>(reader.GetString(2), out var kind)
                ? kind : throw new InvalidOperationException($"Unexpected difference kind '{reader.GetString(2)}'.")));
        return (count, diffs);
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        return (T)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
