using System.Text.RegularExpressions;
using CsvHelper;

namespace ChiroClick.Projections.Training.Anonymisation;

/// <summary>
/// Word lists the anonymiser needs, embedded from <c>Training/Anonymisation/Data</c> (sources and
/// licences in <c>Data/SOURCE.md</c>): Norwegian given names and surnames (faker-js nb_NO, MIT; SSB top
/// lists, NLOD 2.0), street suffixes (faker-js, MIT, plus common forms) and the Norwegian postcode
/// register (Posten/Bring via navikt, MIT): postcode → place name, and its place and municipality names;
/// health institutions by proper name (written by ChiroClick).
/// </summary>
public sealed class NorwegianLexicon
{
    private static readonly Lazy<NorwegianLexicon> Shared = new(Load);

    /// <summary>The embedded lexicon (loaded once).</summary>
    public static NorwegianLexicon Default => Shared.Value;

    /// <summary>Given names (capitalised, as written).</summary>
    public IReadOnlySet<string> GivenNames { get; private init; } = new HashSet<string>();
    /// <summary>Surnames (capitalised, as written).</summary>
    public IReadOnlySet<string> Surnames { get; private init; } = new HashSet<string>();
    /// <summary>Street-name endings in lower case ("veien", "gata", "bakken", ...).</summary>
    public IReadOnlyList<string> StreetSuffixes { get; private init; } = [];
    /// <summary>Postcode (4 digits) → place name in upper case ("1400" → "SKI").</summary>
    public IReadOnlyDictionary<string, string> Postcodes { get; private init; } = new Dictionary<string, string>();
    /// <summary>
    /// Place and municipality names of the postcode register (poststed and kommunenavn), as
    /// <see cref="PlaceKey"/> keys ("MO I RANA", "TROMS\uFFFD"); one to four words.
    /// </summary>
    public IReadOnlySet<string> Places { get; private init; } = new HashSet<string>();
    /// <summary>Health institutions by proper name, as written ("Haukeland", "St. Olavs hospital"), longest first.</summary>
    public IReadOnlyList<string> Institutions { get; private init; } = [];

    /// <summary>
    /// Lookup key of a place name: upper case, single spaces, every letter outside ASCII replaced by U+FFFD
    /// (the register lost Æ, Ø and Å that way, so "Tromsø" and "TROMS\uFFFD" meet).
    /// </summary>
    public static string PlaceKey(string name)
    {
        var chars = name.Trim().ToUpperInvariant().ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (chars[i] > '\u007F' && (char.IsLetter(chars[i]) || chars[i] == '\uFFFD')) chars[i] = '\uFFFD';
        return string.Join(' ', new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private static NorwegianLexicon Load()
    {
        var given = new HashSet<string>(StringComparer.Ordinal);
        var surnames = new HashSet<string>(StringComparer.Ordinal);
        given.UnionWith(Lines("faker_nb_NO_first_names.txt"));
        surnames.UnionWith(Lines("faker_nb_NO_last_names.txt"));
        given.UnionWith(QuotedNames("ssb_top50_firstnames_2024.ozdemirburak.ts.txt"));
        surnames.UnionWith(QuotedNames("ssb_top100_surnames_2015.ozdemirburak.ts.txt"));
        // Names that are also ordinary capitalised words at the start of an English or Norwegian sentence.
        given.ExceptWith(["Even", "May", "Will", "Mark", "Bill", "Grace", "Hope", "Faith", "Eve", "Liv", "Dag", "Sol", "Leo", "Max", "Ali"]);

        var suffixes = Lines("faker_nb_NO_street_suffixes.txt").Select(s => s.ToLowerInvariant())
            .Concat(["veien", "vegen", "vei", "veg", "gata", "gaten", "gate", "allé", "alle", "alleen", "plass", "stredet", "stretet",
                     "brygge", "bryggen", "kaia", "kai", "torget", "nipen", "høyden", "garden", "gården", "tun", "terrasse"])
            .Distinct().OrderByDescending(s => s.Length).ToList();

        var postcodes = new Dictionary<string, string>(StringComparer.Ordinal);
        var places = new HashSet<string>(StringComparer.Ordinal);
        using (var csv = CsvReader.Create(Resource("Postnummerregister.tsv"),
                   new CsvReaderOptions { Separator = '\t', HasHeader = false, Mode = CsvMode.NoEscape }, false))
        {
            while (csv.Read())
            {
                var code = csv.GetString(0);
                var place = csv.GetString(1);
                if (code is { Length: 4 } && !string.IsNullOrWhiteSpace(place)) postcodes[code] = place.Trim().ToUpperInvariant();
                foreach (var name in new[] { place, csv.GetString(3) })
                {
                    // "HERØY (NORDLAND)": the part in brackets only tells same-named places apart.
                    var bare = name.Split('(')[0];
                    if (!string.IsNullOrWhiteSpace(bare)) places.Add(PlaceKey(bare));
                }
            }
        }

        var institutions = Lines("health_institutions_no.txt").Distinct().OrderByDescending(s => s.Length).ToList();

        return new NorwegianLexicon
        {
            GivenNames = given, Surnames = surnames, StreetSuffixes = suffixes, Postcodes = postcodes, Places = places,
            Institutions = institutions,
        };
    }

    private static IEnumerable<string> Lines(string file)
    {
        using var reader = new StreamReader(Resource(file));
        var all = reader.ReadToEnd();
        return all.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 1 && !l.StartsWith('#')).ToList();
    }

    private static IEnumerable<string> QuotedNames(string file)
    {
        using var reader = new StreamReader(Resource(file));
        return Regex.Matches(reader.ReadToEnd(), "'([^']+)'").Select(m => m.Groups[1].Value).ToList();
    }

    private static Stream Resource(string file)
    {
        var assembly = typeof(NorwegianLexicon).Assembly;
        var name = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith("." + file, StringComparison.Ordinal))
                   ?? throw new InvalidOperationException($"Embedded anonymiser data '{file}' is missing.");
        return assembly.GetManifestResourceStream(name)!;
    }
}
