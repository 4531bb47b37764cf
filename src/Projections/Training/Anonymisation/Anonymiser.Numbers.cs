using System.Text.RegularExpressions;

namespace ChiroClick.Projections.Training.Anonymisation;

// Ages → ten-year ranges, and the plausibility checks that keep years and non-dates out of [DATO].
public sealed partial class Anonymiser
{
    private static void DetectAges(string text, SpanSet taken)
    {
        foreach (var r in Ages)
            foreach (Match m in r.Matches(text))
            {
                var number = m.Groups[1];
                if (!int.TryParse(number.Value, out var age) || age > 120) continue;
                var low = age / 10 * 10;
                taken.TryAdd(number.Index, number.Length, PiiCategory.Age, $"{low}–{low + 9}");
            }
    }

    private static bool LooksLikeYears(string value)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 && parts.All(p => p.Length == 4 && int.TryParse(p, out var y) && y is >= 1900 and <= 2099);
    }

    private static bool PlausibleDate(Match m)
    {
        if (m.Groups.Count < 3 || !m.Groups[2].Success || !int.TryParse(m.Groups[1].Value, out var a) || !int.TryParse(m.Groups[2].Value, out var b))
            return true;
        // d.m.y / d/m-y / m/d/y: one of the two must be a month, the other a day.
        return a is >= 1 and <= 31 && b is >= 1 and <= 12 || a is >= 1 and <= 12 && b is >= 1 and <= 31;
    }
}
