using ChiroClick.Domain.Ai;

namespace ChiroClick.Projections.Ai;

/// <summary>
/// Figures of one day × task × model (the model that answered) × variant ("control" when none). The
/// day is the UTC date of the suggestion's generation; its decision is counted in the same row,
/// whenever it is made.
/// </summary>
public sealed class AiMetricsRow
{
    /// <summary>UTC day of generation.</summary>
    public DateOnly Day { get; set; }
    /// <summary>Task.</summary>
    public AiTask Task { get; set; }
    /// <summary>Model that answered.</summary>
    public string Model { get; set; } = "";
    /// <summary>Experiment variant, "control" when none.</summary>
    public string Variant { get; set; } = AiMetrics.Control;
    /// <summary>Suggestions generated.</summary>
    public int Suggestions { get; set; }
    /// <summary>Accepted without change.</summary>
    public int AcceptedAsIs { get; set; }
    /// <summary>Modified within the minor-edit threshold.</summary>
    public int MinorEdit { get; set; }
    /// <summary>Modified beyond it.</summary>
    public int MajorEdit { get; set; }
    /// <summary>Rejected.</summary>
    public int Rejected { get; set; }
    /// <summary>Latency of every suggestion (ms), ascending.</summary>
    public List<long> LatenciesMs { get; set; } = [];
    /// <summary>Time to decision of every decision (ms), ascending.</summary>
    public List<long> DecisionTimesMs { get; set; } = [];
}

/// <summary>The clinic's AI metrics, one document per clinic (tenant).</summary>
public sealed class AiMetrics
{
    /// <summary>The single id of the per-clinic document.</summary>
    public const string DocumentId = "ai-metrics";

    /// <summary>Variant name used for the control group.</summary>
    public const string Control = "control";

    /// <summary>Always <see cref="DocumentId"/>.</summary>
    public string Id { get; set; } = DocumentId;
    /// <summary>Rows by key "day|task|model|variant".</summary>
    public Dictionary<string, AiMetricsRow> Rows { get; set; } = new();
    /// <summary>Row key of every suggestion not decided yet, so its decision lands in the right row.</summary>
    public Dictionary<Guid, string> Pending { get; set; } = new();

    /// <summary>Median of an ascending list, or null when empty.</summary>
    public static double? Median(IReadOnlyList<long> sorted)
    {
        var n = sorted.Count;
        if (n == 0) return null;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    /// <summary>Inserts keeping the list ascending.</summary>
    public static void InsertSorted(List<long> list, long value)
    {
        var at = list.BinarySearch(value);
        list.Insert(at < 0 ? ~at : at, value);
    }
}

/// <summary>Async multi-stream projection of every suggestion event into the clinic's <see cref="AiMetrics"/>.</summary>
public sealed class AiMetricsProjection : MultiStreamProjection<AiMetrics, string>
{
    /// <summary>Routes every suggestion event to the clinic's one metrics document.</summary>
    public AiMetricsProjection()
    {
        Identity<IAiSuggestionEvent>(_ => AiMetrics.DocumentId);
    }

    /// <summary>Counts a suggestion and its latency.</summary>
    public static void Apply(IEvent<AiSuggestionGenerated> e, AiMetrics m)
    {
        var d = e.Data;
        var day = DateOnly.FromDateTime(e.Timestamp.UtcDateTime);
        var variant = d.Variant ?? AiMetrics.Control;
        var key = $"{day:yyyy-MM-dd}|{d.Task}|{d.ModelUsed}|{variant}";
        if (!m.Rows.TryGetValue(key, out var row))
            m.Rows[key] = row = new AiMetricsRow { Day = day, Task = d.Task, Model = d.ModelUsed, Variant = variant };
        row.Suggestions++;
        AiMetrics.InsertSorted(row.LatenciesMs, d.LatencyMs);
        m.Pending[d.SuggestionId] = key;
    }

    /// <summary>Counts an acceptance.</summary>
    public static void Apply(IEvent<AiSuggestionAccepted> e, AiMetrics m) =>
        Decided(m, e.Data.SuggestionId, e.Data.TimeToDecisionMs, r => r.AcceptedAsIs++);

    /// <summary>Counts a minor or major edit.</summary>
    public static void Apply(IEvent<AiSuggestionModified> e, AiMetrics m) =>
        Decided(m, e.Data.SuggestionId, e.Data.TimeToDecisionMs,
            r => { if (e.Data.CorrectionType == FeedbackKind.MinorEdit) r.MinorEdit++; else r.MajorEdit++; });

    /// <summary>Counts a rejection.</summary>
    public static void Apply(IEvent<AiSuggestionRejected> e, AiMetrics m) =>
        Decided(m, e.Data.SuggestionId, e.Data.TimeToDecisionMs, r => r.Rejected++);

    private static void Decided(AiMetrics m, Guid suggestionId, long timeToDecisionMs, Action<AiMetricsRow> count)
    {
        if (!m.Pending.Remove(suggestionId, out var key) || !m.Rows.TryGetValue(key, out var row)) return;
        count(row);
        AiMetrics.InsertSorted(row.DecisionTimesMs, timeToDecisionMs);
    }
}
