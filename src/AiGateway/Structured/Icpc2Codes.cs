using CsvHelper;

namespace ChiroClick.AiGateway.Structured;

/// <summary>
/// The official Norwegian ICPC-2 code list (708 codes), embedded from Data/icpc2.csv
/// (navikt/tsm-diagnoser, MIT; see Data/SOURCE.md). Codes are upper-case, e.g. "L03".
/// </summary>
public static class Icpc2Codes
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> All = new(Load);

    /// <summary>Code → Norwegian title.</summary>
    public static IReadOnlyDictionary<string, string> Titles => All.Value;

    /// <summary>The official title of a code (case-insensitive, trimmed), or null when it is not an ICPC-2 code.</summary>
    public static string? TitleOf(string? code) =>
        code is not null && All.Value.TryGetValue(Normalise(code), out var title) ? title : null;

    /// <summary>Upper-cased code without blanks or an "ICPC2:" prefix.</summary>
    public static string Normalise(string code)
    {
        var c = code.Trim().ToUpperInvariant();
        if (c.StartsWith("ICPC2:", StringComparison.Ordinal) || c.StartsWith("ICPC-2:", StringComparison.Ordinal)) c = c[(c.IndexOf(':') + 1)..];
        return c.Replace(" ", "");
    }

    private static IReadOnlyDictionary<string, string> Load()
    {
        using var stream = typeof(Icpc2Codes).Assembly.GetManifestResourceStream("ChiroClick.AiGateway.icpc2.csv")
                           ?? throw new InvalidOperationException("Embedded ICPC-2 list missing.");
        // Header "system#code#text"; no quoting in the file, so '#' is the only special character.
        using var csv = CsvReader.Create(stream, new CsvReaderOptions { Separator = '#', HasHeader = true, Mode = CsvMode.NoEscape });
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        while (csv.Read()) titles[csv.GetString("code").Trim().ToUpperInvariant()] = csv.GetString("text").Trim();
        return titles;
    }
}
