using ChiroClick.Projections.Training;
using ChiroClick.Projections.Training.Anonymisation;

namespace ChiroClick.Api.Training;

/// <summary>Pending examples of one task × correction type.</summary>
/// <param name="Task">AI task (snake_case).</param>
/// <param name="CorrectionType">accepted_as_is, minor_edit, major_edit or rejected.</param>
/// <param name="Sft">SFT examples not yet exported.</param>
/// <param name="Dpo">DPO pairs not yet exported.</param>
public sealed record TrainingStatsRow(string Task, string CorrectionType, int Sft, int Dpo);

/// <summary>What the next incremental export would hold.</summary>
/// <param name="AnonymiserVersion">Version of the rules that anonymise new examples.</param>
/// <param name="LastWatermark">Watermark of the last export (0 when none).</param>
/// <param name="PendingSft">SFT examples after the watermark.</param>
/// <param name="PendingDpo">DPO pairs after the watermark.</param>
/// <param name="ByTask">Pending counts by task × correction type, sorted.</param>
public sealed record TrainingStats(string AnonymiserVersion, long LastWatermark, int PendingSft, int PendingDpo, IReadOnlyList<TrainingStatsRow> ByTask);

/// <summary><c>GET /api/v1/training/export/stats</c>: pending (not yet exported) examples of the caller's clinic.</summary>
public static class GetTrainingStatsEndpoint
{
    /// <summary>Counts pending examples.</summary>
    [WolverineGet("/api/v1/training/export/stats", OperationId = "getTrainingExportStats", Summary = "Get counts of training examples waiting for export")]
    public static async Task<TrainingStats> Get(IQuerySession session, CancellationToken ct)
    {
        var watermark = await TrainingExporter.LastWatermarkAsync(session, Guid.Parse(session.TenantId), ct);
        var sft = await session.Query<SftExample>().Where(x => x.Sequence > watermark)
            .Select(x => new TaskKind(x.Task, x.CorrectionType)).ToListAsync(ct);
        var dpo = await session.Query<DpoExample>().Where(x => x.Sequence > watermark)
            .Select(x => new TaskKind(x.Task, x.CorrectionType)).ToListAsync(ct);
        var rows = sft.Select(x => (x, sft: 1, dpo: 0)).Concat(dpo.Select(x => (x, sft: 0, dpo: 1)))
            .GroupBy(r => r.x)
            .Select(g => new TrainingStatsRow(g.Key.Task, g.Key.CorrectionType, g.Sum(r => r.sft), g.Sum(r => r.dpo)))
            .OrderBy(r => r.Task, StringComparer.Ordinal).ThenBy(r => r.CorrectionType, StringComparer.Ordinal)
            .ToList();
        return new TrainingStats(Anonymiser.Version, watermark, sft.Count, dpo.Count, rows);
    }

    /// <summary>Task and correction type of one example (query projection).</summary>
    /// <param name="Task">Task.</param>
    /// <param name="CorrectionType">Correction type.</param>
    public sealed record TaskKind(string Task, string CorrectionType);
}
