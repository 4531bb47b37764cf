using ChiroClick.Domain.Leads;
using ChiroClick.Projections.Leads;

namespace ChiroClick.Api.Leads;

/// <summary>Count of leads in one stage and its share (0..1) of all leads.</summary>
public sealed record StageFigure(LeadStage Stage, int Count, double Share);

/// <summary>Count of leads lost for one reason.</summary>
public sealed record LostReasonFigure(string Reason, int Count);

/// <summary>
/// The pipeline: per-stage counts and shares; conversion rate = converted ÷ all leads; win rate =
/// converted ÷ (converted + lost); median days from capture to conversion; lost reasons, most
/// frequent first. Rates are fractions 0..1, null when undefined. Served from the async
/// <see cref="LeadPipeline"/> projection, so it may trail a write by the daemon's lag (typically &lt; 1 s).
/// </summary>
public sealed record PipelineView(
    int TotalLeads,
    IReadOnlyList<StageFigure> Stages,
    double? ConversionRate,
    double? WinRate,
    double? MedianDaysToConversion,
    IReadOnlyList<LostReasonFigure> LostReasons,
    DateTimeOffset? LastEventAt);

/// <summary>The pipeline figures of a clinic, for the endpoint and the command line (demo, <c>export csv</c>).</summary>
public static class PipelineQueries
{
    /// <summary>The figures of the session's clinic (all zero before its first lead).</summary>
    public static async Task<PipelineView> ViewAsync(IQuerySession session, CancellationToken ct) =>
        ToView(await session.LoadAsync<LeadPipeline>(LeadPipeline.DocumentId, ct) ?? new LeadPipeline());

    /// <summary>Turns the stored document into the published figures.</summary>
    public static PipelineView ToView(LeadPipeline p)
    {
        var total = p.TotalLeads;
        var converted = p.StageCounts.GetValueOrDefault(LeadStage.Converted);
        var lost = p.StageCounts.GetValueOrDefault(LeadStage.Lost);
        return new PipelineView(
            total,
            LeadStages.All.Select(s => new StageFigure(s, p.StageCounts.GetValueOrDefault(s),
                total == 0 ? 0 : Math.Round((double)p.StageCounts.GetValueOrDefault(s) / total, 4))).ToList(),
            total == 0 ? null : Math.Round((double)converted / total, 4),
            converted + lost == 0 ? null : Math.Round((double)converted / (converted + lost), 4),
            p.MedianDaysToConversion() is { } median ? Math.Round(median, 2) : null,
            p.LostReasons.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Select(kv => new LostReasonFigure(kv.Key, kv.Value)).ToList(),
            p.LastEventAt);
    }
}
