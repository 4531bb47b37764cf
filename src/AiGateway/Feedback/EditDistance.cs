using System.Text.RegularExpressions;
using Quickenshtein;

namespace ChiroClick.AiGateway.Feedback;

/// <summary>How far a clinician's correction is from the model's output.</summary>
public static partial class EditDistance
{
    /// <summary>
    /// Normalised Levenshtein distance 0..1 (Quickenshtein) = edits ÷ length of the longer text, after
    /// trimming and collapsing runs of whitespace, so re-wrapped lines do not count as edits.
    /// 0 = identical, 1 = nothing in common; two empty texts → 0.
    /// </summary>
    public static double Normalised(string original, string correction)
    {
        var a = Collapse(original);
        var b = Collapse(correction);
        var longer = Math.Max(a.Length, b.Length);
        return longer == 0 ? 0 : (double)Levenshtein.GetDistance(a, b) / longer;
    }

    private static string Collapse(string text) => Whitespace().Replace(text.Trim(), " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
