using System.Globalization;
using ChiroClick.Api.Ai;
using ChiroClick.Api.Infrastructure;
using ChiroClick.Api.Leads;
using ChiroClick.Api.Retention;
using ChiroClick.Api.Surveys;
using ChiroClick.Projections.Ai;
using ChiroClick.Projections.Leads;
using ChiroClick.Projections.Patients;
using ChiroClick.Projections.Retention;
using ChiroClick.Projections.Surveys;
using CsvHelper;

namespace ChiroClick.Api.Tools;

/// <summary>
/// CSV (RFC 4180, via CsvHelper, invariant culture, UTF-8) exports of read models for analysts, one
/// row per figure with the clinic id first. Each exporter reads only the stored projection documents.
/// </summary>
public static class CsvExport
{
    /// <summary>Exporters by projection name as given to <c>export csv --projection</c>.</summary>
    public static readonly IReadOnlyDictionary<string, Func<IDocumentStore, IReadOnlyList<string>, CsvWriter, TimeProvider, CancellationToken, Task<int>>> Exporters =
        new Dictionary<string, Func<IDocumentStore, IReadOnlyList<string>, CsvWriter, TimeProvider, CancellationToken, Task<int>>>(StringComparer.OrdinalIgnoreCase)
        {
            ["pipeline"] = WritePipelineAsync,
            ["nps"] = WriteNpsAsync,
            ["retention-cohorts"] = WriteCohortsAsync,
            ["ai-metrics"] = WriteAiMetricsAsync,
        };

    /// <summary>
    /// Writes the named read model of the given clinics (all clinics that have one when empty) to
    /// <paramref name="path"/>. Returns the number of data rows. Throws <see cref="ArgumentException"/> for
    /// an unknown projection name.
    /// </summary>
    public static async Task<int> WriteAsync(IDocumentStore store, string projection, IReadOnlyList<string> clinics, string path,
        TimeProvider clock, CancellationToken ct = default)
    {
        if (!Exporters.TryGetValue(projection, out var exporter))
            throw new ArgumentException($"Unknown projection '{projection}'. Known: {string.Join(", ", Exporters.Keys)}");
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        using var csv = CsvWriter.ToFile(path, CsvWriterOptions.Default);
        var rows = await exporter(store, clinics, csv, clock, ct);
        await csv.FlushAsync(ct);
        return rows;
    }

    /// <summary>A number in invariant culture; empty for null.</summary>
    public static string Invariant(IFormattable? value) => value?.ToString(null, CultureInfo.InvariantCulture) ?? "";

    /// <summary>The tenants holding at least one document of <typeparamref name="T"/>, or the requested ones.</summary>
    public static async Task<IReadOnlyList<string>> TenantsWithAsync<T>(IDocumentStore store, IReadOnlyList<string> requested, CancellationToken ct)
    {
        if (requested.Count > 0) return requested;
        var table = ((IReadOnlyStoreOptions)store.Options).FindOrResolveDocumentType(typeof(T)).TableName.QualifiedName;
        await using var session = store.QuerySession();
        return await session.AdvancedSql.QueryAsync<string>($"select distinct tenant_id from {table} order by 1", ct);
    }

    private static async Task<int> WritePipelineAsync(IDocumentStore store, IReadOnlyList<string> clinics, CsvWriter csv, TimeProvider clock, CancellationToken ct)
    {
        csv.WriteRecord(["clinic_id", "stage", "count", "share", "total_leads", "conversion_rate", "win_rate", "median_days_to_conversion"]);
        var rows = 0;
        foreach (var tenant in await TenantsWithAsync<LeadPipeline>(store, clinics, ct))
        {
            await using var session = store.QuerySession(tenant);
            var doc = await session.LoadAsync<LeadPipeline>(LeadPipeline.DocumentId, ct);
            if (doc is null) continue;
            var view = PipelineQueries.ToView(doc);
            foreach (var stage in view.Stages)
            {
                csv.WriteRecord([tenant, ChiroJson.Wire(stage.Stage), Invariant(stage.Count), Invariant(stage.Share),
                    Invariant(view.TotalLeads), Invariant(view.ConversionRate), Invariant(view.WinRate), Invariant(view.MedianDaysToConversion)]);
                rows++;
            }
        }
        return rows;
    }

    private static async Task<int> WriteNpsAsync(IDocumentStore store, IReadOnlyList<string> clinics, CsvWriter csv, TimeProvider clock, CancellationToken ct)
    {
        csv.WriteRecord(["clinic_id", "month", "responses", "promoters", "passives", "detractors", "nps"]);
        var rows = 0;
        foreach (var tenant in await TenantsWithAsync<SurveySummary>(store, clinics, ct))
        {
            await using var session = store.QuerySession(tenant);
            var surveys = await session.Query<SurveySummary>().ToListAsync(ct);
            var stats = NpsQueries.Of(surveys.SelectMany(s => s.Responses).ToList());
            foreach (var (month, f) in stats.Months.Select(m => (m.Month, m.Figures)).Append(("all", stats.Overall)))
            {
                csv.WriteRecord([tenant, month, Invariant(f.Responses), Invariant(f.Promoters), Invariant(f.Passives), Invariant(f.Detractors), Invariant(f.Score)]);
                rows++;
            }
        }
        return rows;
    }

    private static async Task<int> WriteCohortsAsync(IDocumentStore store, IReadOnlyList<string> clinics, CsvWriter csv, TimeProvider clock, CancellationToken ct)
    {
        var months = Enumerable.Range(0, RetentionMath.CohortMonths + 1).ToList();
        csv.WriteRecord(["clinic_id", "cohort", "size", .. months.Select(k => $"m{k}")]);
        var rows = 0;
        var now = clock.GetUtcNow();
        foreach (var tenant in await TenantsWithAsync<PatientVisits>(store, clinics, ct))
        {
            await using var session = store.QuerySession(tenant);
            foreach (var c in await RetentionQueries.CohortsFromVisitsAsync(session, now, ct))
            {
                csv.WriteRecord([tenant, c.Month, Invariant(c.Size), .. months.Select(k => k < c.Retention.Count ? Invariant(c.Retention[k]) : "")]);
                rows++;
            }
        }
        return rows;
    }

    private static async Task<int> WriteAiMetricsAsync(IDocumentStore store, IReadOnlyList<string> clinics, CsvWriter csv, TimeProvider clock, CancellationToken ct)
    {
        csv.WriteRecord(["clinic_id", "day", "task", "model", "variant", "suggestions", "accepted_as_is", "minor_edit", "major_edit", "rejected",
            "acceptance_rate", "median_latency_ms", "median_time_to_decision_ms"]);
        var rows = 0;
        foreach (var tenant in await TenantsWithAsync<AiMetrics>(store, clinics, ct))
        {
            await using var session = store.QuerySession(tenant);
            var metrics = await session.LoadAsync<AiMetrics>(AiMetrics.DocumentId, ct);
            if (metrics is null) continue;
            foreach (var f in metrics.Rows.Values.OrderBy(r => r.Day).ThenBy(r => r.Task).ThenBy(r => r.Model).ThenBy(r => r.Variant).Select(AiMetricsQueries.ToFigure))
            {
                csv.WriteRecord([tenant, f.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ChiroJson.Wire(f.Task), f.Model, f.Variant,
                    Invariant(f.Suggestions), Invariant(f.AcceptedAsIs), Invariant(f.MinorEdit), Invariant(f.MajorEdit), Invariant(f.Rejected),
                    Invariant(f.AcceptanceRate), Invariant(f.MedianLatencyMs), Invariant(f.MedianTimeToDecisionMs)]);
                rows++;
            }
        }
        return rows;
    }
}
