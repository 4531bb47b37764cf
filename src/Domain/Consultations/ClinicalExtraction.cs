using System.Text;

namespace ChiroClick.Domain.Consultations;

/// <summary>The SOAP sections of a note.</summary>
/// <param name="Subjective">S: what the patient tells.</param>
/// <param name="Objective">O: findings and tests.</param>
/// <param name="Assessment">A: the clinician's assessment.</param>
/// <param name="Plan">P: treatment and plan.</param>
public sealed record SoapNote(string Subjective, string Objective, string Assessment, string Plan)
{
    /// <summary>The note as text, one labelled section per paragraph ("S: ...").</summary>
    public string Text()
    {
        var sb = new StringBuilder();
        foreach (var (label, text) in new[] { ("S", Subjective), ("O", Objective), ("A", Assessment), ("P", Plan) })
            if (!string.IsNullOrWhiteSpace(text)) sb.Append(sb.Length > 0 ? "\n\n" : "").Append(label).Append(": ").Append(text.Trim());
        return sb.ToString();
    }

    /// <summary>
    /// Reads a note written as <see cref="Text"/> writes it ("S: ..." paragraphs; also "Subjektivt:", "Objective:" ...).
    /// Text before any label, or a text without labels, is the assessment.
    /// </summary>
    public static SoapNote Parse(string text)
    {
        var sections = new Dictionary<char, List<string>> { ['S'] = [], ['O'] = [], ['A'] = [], ['P'] = [] };
        var current = 'A';
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.Trim();
            var m = System.Text.RegularExpressions.Regex.Match(line,
                @"^(?<l>S|O|A|P|Subjektivt|Objektivt|Vurdering|Plan|Subjective|Objective|Assessment)\s*:\s*(?<t>.*)$",
                System.Text.RegularExpressions.RegexOptions.IgnoreCase);
            if (m.Success)
            {
                current = char.ToUpperInvariant(m.Groups["l"].Value[0]) switch { 'V' => 'A', var c => c };
                line = m.Groups["t"].Value;
            }
            if (line.Length > 0) sections[current].Add(line);
        }
        string Of(char c) => string.Join("\n", sections[c]);
        return new SoapNote(Of('S'), Of('O'), Of('A'), Of('P'));
    }
}

/// <summary>An ICPC-2 diagnosis of the extraction (code checked against the official list; title the official one).</summary>
/// <param name="Code">ICPC-2 code, upper case ("L03").</param>
/// <param name="Title">Official Norwegian title.</param>
/// <param name="Confidence">Model's confidence 0..1.</param>
public sealed record ExtractedDiagnosis(string Code, string Title, double Confidence);

/// <summary>A red flag found in the consultation.</summary>
/// <param name="Flag">What ("mulig cauda equina").</param>
/// <param name="Severity">low, moderate or high.</param>
/// <param name="Evidence">Quote or finding that supports it.</param>
public sealed record ExtractedRedFlag(string Flag, string Severity, string Evidence);

/// <summary>When to see the patient again.</summary>
/// <param name="InDays">Days from the consultation (1..365).</param>
/// <param name="Reason">Why.</param>
public sealed record FollowUpPlan(int InDays, string Reason);

/// <summary>A task for staff.</summary>
/// <param name="Title">What to do.</param>
/// <param name="DueInDays">Days from the consultation until it is due (0..365).</param>
public sealed record ExtractedTask(string Title, int DueInDays);

/// <summary>
/// The validated answer of the AI task <c>consultation_extraction</c>, stored as the suggestion's output (camelCase JSON):
/// <c>{soap: {subjective, objective, assessment, plan}, diagnoses: [{code, title, confidence}], redFlags: [{flag,
/// severity, evidence}], followUp: {inDays, reason} | null, tasks: [{title, dueInDays}], exercises: [string], confidence}</c>.
/// </summary>
/// <param name="Soap">The note.</param>
/// <param name="Diagnoses">ICPC-2 diagnoses (unknown codes removed).</param>
/// <param name="RedFlags">Red flags.</param>
/// <param name="FollowUp">Follow-up, or null.</param>
/// <param name="Tasks">Tasks for staff.</param>
/// <param name="Exercises">Home exercises given.</param>
/// <param name="Confidence">Model's overall confidence 0..1.</param>
public sealed record ClinicalExtraction(
    SoapNote Soap,
    IReadOnlyList<ExtractedDiagnosis> Diagnoses,
    IReadOnlyList<ExtractedRedFlag> RedFlags,
    FollowUpPlan? FollowUp,
    IReadOnlyList<ExtractedTask> Tasks,
    IReadOnlyList<string> Exercises,
    double Confidence);
