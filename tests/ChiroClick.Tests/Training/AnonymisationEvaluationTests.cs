using System.Globalization;
using System.Text;
using ChiroClick.Projections.Training.Anonymisation;
using Xunit.Abstractions;

namespace ChiroClick.Tests.Training;

/// <summary>
/// Measures the anonymiser on the labelled corpus and fails below the targets of issues 5 and 14: identity numbers,
/// phones, e-mails recall 100 %; names, addresses, dates, places and institutions recall ≥ 98 %; clinical tokens altered ≤ 1 %.
/// Set ANONYMISATION_REPORT=path to write the figures as a Markdown table (docs/anonymisation.md quotes it).
/// </summary>
public class AnonymisationEvaluationTests(ITestOutputHelper output)
{
    public const int Documents = 2000;

    private static readonly Dictionary<LabelKind, double> RecallTargets = new()
    {
        [LabelKind.IdentityNumber] = 1.0, [LabelKind.Phone] = 1.0, [LabelKind.Email] = 1.0, [LabelKind.PatientName] = 1.0,
        [LabelKind.Name] = 0.98, [LabelKind.Address] = 0.98, [LabelKind.Date] = 0.98,
        [LabelKind.Place] = 0.98, [LabelKind.Institution] = 0.98,
    };

    [Fact]
    public void Anonymiser_meets_its_targets_on_the_labelled_corpus()
    {
        var corpus = AnonymisationCorpus.Generate(Documents);
        var stats = Enum.GetValues<LabelKind>().ToDictionary(k => k, _ => new Counts());
        var misses = new List<string>();
        var falsePositives = new List<string>();

        foreach (var doc in corpus)
        {
            var detections = Anonymiser.Default.Detect(doc.Text, doc.Names);
            foreach (var label in doc.Labels)
            {
                var c = stats[label.Kind];
                c.Labelled++;
                if (label.Kind == LabelKind.Clinical)
                {
                    if (detections.Any(s => s.Start < label.End && label.Start < s.End))
                    {
                        c.Altered++;
                        misses.Add($"[clinical altered] {Context(doc.Text, label)}");
                    }
                    continue;
                }
                var category = ToCategory(label.Kind);
                var covered = Enumerable.Range(label.Start, label.Length)
                    .Where(i => char.IsLetterOrDigit(doc.Text[i]))
                    .All(i => detections.Any(s => s.Category == category && s.Start <= i && i < s.End));
                if (covered) c.Found++;
                else misses.Add($"[{label.Kind} missed] {Context(doc.Text, label)}");
            }
            foreach (var s in detections)
            {
                var kind = ToLabel(s.Category);
                stats[kind].Detected++;
                if (doc.Labels.Any(l => ToLabelGroup(l.Kind) == kind && l.Start < s.End && s.Start < l.End)) stats[kind].TruePositive++;
                else falsePositives.Add($"[{kind} false positive] {Context(doc.Text, new LabelledSpan(s.Start, s.Length, kind))}");
            }
        }

        var report = Report(corpus.Count, stats);
        output.WriteLine(report);
        foreach (var miss in misses.Take(400)) output.WriteLine(miss);
        var reportPath = Environment.GetEnvironmentVariable("ANONYMISATION_REPORT");
        if (!string.IsNullOrWhiteSpace(reportPath)) File.WriteAllText(reportPath, report + "\n\nFirst misses:\n\n" + string.Join("\n", misses.Take(30).Select(m => "    " + m)) +
                                                                           "\n\nSample of false positives (every 50th):\n\n" +
                                                                           string.Join("\n", falsePositives.Where((_, i) => i % 50 == 0).Select(m => "    " + m)) + "\n");

        foreach (var (kind, target) in RecallTargets)
            stats[kind].Recall.ShouldBeGreaterThanOrEqualTo(target, $"{kind} recall; misses:\n{string.Join("\n", misses.Where(m => m.Contains(kind.ToString())).Take(10))}");
        stats[LabelKind.Clinical].AlteredRate.ShouldBeLessThanOrEqualTo(0.01, "clinical tokens altered");
    }

    private static string Report(int documents, Dictionary<LabelKind, Counts> stats)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Anonymiser {Anonymiser.Version}, corpus of {documents} documents (seed 20261124, half Norwegian, half English).");
        sb.AppendLine();
        sb.AppendLine("| category | labelled | recall | detections | precision | target |");
        sb.AppendLine("|---|---:|---:|---:|---:|---|");
        foreach (var (kind, c) in stats.Where(s => s.Key != LabelKind.Clinical))
        {
            var target = RecallTargets.TryGetValue(kind, out var t) ? $"recall ≥ {t:P0}" : "(none)";
            var name = kind == LabelKind.Name ? "Name (others)" : kind.ToString();
            var row = kind == LabelKind.PatientName
                ? string.Create(CultureInfo.InvariantCulture, $"| {kind} | {c.Labelled} | {c.Recall:P2} | (under Name) | | {target} |")
                : string.Create(CultureInfo.InvariantCulture, $"| {name} | {c.Labelled} | {c.Recall:P2} | {c.Detected} | {c.Precision:P2} | {target} |");
            sb.AppendLine(row);
        }
        var clinical = stats[LabelKind.Clinical];
        sb.AppendLine(CultureInfo.InvariantCulture, $"| Clinical tokens | {clinical.Labelled} | altered: {clinical.AlteredRate:P2} ({clinical.Altered}) | | | altered ≤ 1 % |");
        return sb.ToString();
    }

    private static string Context(string text, LabelledSpan l)
    {
        var from = Math.Max(0, l.Start - 30);
        var to = Math.Min(text.Length, l.End + 30);
        return text[from..l.Start].ReplaceLineEndings(" ") + "«" + text[l.Start..l.End] + "»" + text[l.End..to].ReplaceLineEndings(" ");
    }

    private static PiiCategory ToCategory(LabelKind kind) => Enum.Parse<PiiCategory>(ToLabelGroup(kind).ToString());
    private static LabelKind ToLabelGroup(LabelKind kind) => kind == LabelKind.PatientName ? LabelKind.Name : kind;
    private static LabelKind ToLabel(PiiCategory category) => Enum.Parse<LabelKind>(category.ToString());

    private sealed class Counts
    {
        public int Labelled, Found, Detected, TruePositive, Altered;
        public double Recall => Labelled == 0 ? 1 : (double)Found / Labelled;
        public double Precision => Detected == 0 ? 1 : (double)TruePositive / Detected;
        public double AlteredRate => Labelled == 0 ? 0 : (double)Altered / Labelled;
    }
}

public class AnonymiserRescanTests(ITestOutputHelper output)
{
    /// <summary>training merge refuses files in which a rescan finds anything: anonymised text must rescan clean.</summary>
    [Fact]
    public void Anonymised_corpus_text_rescans_clean()
    {
        var leftovers = new List<string>();
        foreach (var doc in AnonymisationCorpus.Generate(AnonymisationEvaluationTests.Documents))
        {
            var clean = Anonymiser.Default.Clean(doc.Text, doc.Names);
            foreach (var s in Anonymiser.Default.Detect(clean))
                leftovers.Add($"{s.Category}: …{clean[Math.Max(0, s.Start - 25)..s.Start]}«{clean[s.Start..s.End]}»{clean[s.End..Math.Min(clean.Length, s.End + 25)]}…".ReplaceLineEndings(" "));
        }
        foreach (var l in leftovers.Take(30)) output.WriteLine(l);
        leftovers.ShouldBeEmpty();
    }
}
