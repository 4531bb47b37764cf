using ChiroClick.Domain.Leads;

namespace ChiroClick.Projections.Leads;

/// <summary>
/// The clinic's lead pipeline, one document per clinic (tenant), built asynchronously by the daemon from
/// every lead event. Figures:
/// <list type="bullet">
/// <item>per stage: number of leads now in it and its share of all leads (0..1);</item>
/// <item>conversion rate = converted ÷ all captured leads (0..1); win rate = converted ÷ (converted + lost);</item>
/// <item>median days from capture to conversion (event timestamps, fractional days, null before the first conversion);</item>
/// <item>lost reasons with counts (case-insensitive, trimmed).</item>
/// </list>
/// </summary>
public sealed class LeadPipeline
{
    /// <summary>The single id of the per-clinic document.</summary>
    public const string DocumentId = "pipeline";

    /// <summary>Always <see cref="DocumentId"/>; Marten keeps one per tenant.</summary>
    public string Id { get; set; } = DocumentId;
    /// <summary>Leads ever captured.</summary>
    public int TotalLeads { get; set; }
    /// <summary>Leads now in each stage.</summary>
    public Dictionary<LeadStage, int> StageCounts { get; set; } = LeadStages.All.ToDictionary(s => s, _ => 0);
    /// <summary>Lost reasons (lower-cased, trimmed) and how many leads gave each.</summary>
    public Dictionary<string, int> LostReasons { get; set; } = new();
    /// <summary>Days from capture to conversion for every converted lead, ascending.</summary>
    public List<double> ConversionDays { get; set; } = new();
    /// <summary>Capture time of every lead still open; needed to measure conversion time.</summary>
    public Dictionary<Guid, DateTimeOffset> OpenLeadCapturedAt { get; set; } = new();
    /// <summary>Timestamp of the last event applied.</summary>
    public DateTimeOffset? LastEventAt { get; set; }

    /// <summary>Median of <see cref="ConversionDays"/>, or null when nothing converted yet.</summary>
    public double? MedianDaysToConversion()
    {
        var n = ConversionDays.Count;
        if (n == 0) return null;
        return n % 2 == 1 ? ConversionDays[n / 2] : (ConversionDays[n / 2 - 1] + ConversionDays[n / 2]) / 2;
    }
}

/// <summary>Async multi-stream projection of all lead events into the clinic's <see cref="LeadPipeline"/>.</summary>
public sealed class LeadPipelineProjection : MultiStreamProjection<LeadPipeline, string>
{
    /// <summary>Routes every lead event to the clinic's one pipeline document.</summary>
    public LeadPipelineProjection()
    {
        Identity<ILeadEvent>(_ => LeadPipeline.DocumentId);
    }

    /// <summary>Counts a new lead in stage new.</summary>
    public static void Apply(IEvent<LeadCaptured> e, LeadPipeline p)
    {
        p.TotalLeads++;
        p.StageCounts[LeadStage.New] = p.StageCounts.GetValueOrDefault(LeadStage.New) + 1;
        p.OpenLeadCapturedAt[e.Data.LeadId] = e.Timestamp;
        p.LastEventAt = e.Timestamp;
    }

    /// <summary>Moves one lead between stage counts; a conversion records its duration.</summary>
    public static void Apply(IEvent<LeadStageChanged> e, LeadPipeline p)
    {
        p.StageCounts[e.Data.From] = Math.Max(0, p.StageCounts.GetValueOrDefault(e.Data.From) - 1);
        p.StageCounts[e.Data.To] = p.StageCounts.GetValueOrDefault(e.Data.To) + 1;
        if (e.Data.To.IsTerminal() && p.OpenLeadCapturedAt.Remove(e.Data.LeadId, out var capturedAt) &&
            e.Data.To == LeadStage.Converted)
        {
            var days = (e.Timestamp - capturedAt).TotalDays;
            var at = p.ConversionDays.BinarySearch(days);
            p.ConversionDays.Insert(at < 0 ? ~at : at, days);
        }
        p.LastEventAt = e.Timestamp;
    }

    /// <summary>Counts the lost reason.</summary>
    public static void Apply(IEvent<LeadLost> e, LeadPipeline p)
    {
        var reason = e.Data.Reason.Trim().ToLowerInvariant();
        p.LostReasons[reason] = p.LostReasons.GetValueOrDefault(reason) + 1;
        p.LastEventAt = e.Timestamp;
    }
}
