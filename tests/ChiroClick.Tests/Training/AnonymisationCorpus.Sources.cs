using System.Text;
using CsvHelper;

namespace ChiroClick.Tests.Training;

/// <summary>The corpus's sentence templates (Norwegian, English, held-out) and readers of the shared data files.</summary>
public static partial class AnonymisationCorpus
{
    private static IEnumerable<string[]> NorwegianTemplates(int variant)
    {
        yield return variant switch
        {
            0 => ["Pasient: ", "{P}", ", f.nr. ", "{FNR}", ". Kvinne, ", "{AGE}", " år."],
            1 => ["Navn: ", "{P}", " (fnr ", "{FNR}", "), ", "{AGE}", " år gammel mann."],
            2 => ["{P}", ", fødselsnummer ", "{FNR}", ", er ", "{AGE}", " år."],
            _ => ["Gjelder ", "{P}", ", personnummer ", "{FNR}", ". Alder: ", "{AGE}", " år."],
        };
        yield return ["{PF}", " ble undersøkt av ", "{B}", " ", "{DATO}", ". Funn ved ", "{C}", ", ", "{C}", "."];
        yield return variant % 2 == 0
            ? ["Kontakt: tlf. ", "{TLF}", ", e-post ", "{EPOST}", "."]
            : ["Ring ", "{TLF}", " eller send e-post til ", "{EPOST}", " ved forverring."];
        yield return variant switch
        {
            0 => ["Adresse: ", "{ADR}", "."],
            1 => ["Pasienten bor i ", "{GATE}", ", ", "{POST}", "."],
            2 => ["Brev sendes til ", "{ADR}", "."],
            _ => ["Bor i ", "{GATE}", " sammen med ektefelle."],
        };
        yield return ["{PG}", " smerter startet ", "{DATO}", ", VAS ", "{C}", ", diagnose ", "{ICPC}", "."];
        yield return variant % 2 == 0
            ? ["Henvist fra fastlege ", "{T}", " med ", "{C}", "."]
            : ["Ble fulgt av datter ", "{T}", ". Plan: ", "{C}", " i ", "{C}", ", kontroll ", "{DATO}", "."];
        yield return ["Vurdering: ", "{ICPC}", ", funn ", "{C}", " og ", "{C}", ". Hilsen ", "{B}", "."];
    }

    // Sentences written for issue 14 after the rules of 2026.11.1 were fixed: places, institutions, dates in either
    // language, 8-digit phones whatever their first digit, clinical words that look like names.
    private static readonly string[][] NorwegianHeldOut =
    [
        ["Pasienten bor i ", "{STED}", " og jobber som lærer i ", "{STED}", "."],
        ["Flyttet fra ", "{STED}", " til ", "{STED}", " ", "{DATO2}", "."],
        ["Innlagt på ", "{INST}", " ", "{DATO2}", " med smerter i ", "{CW}", "."],
        ["Tidligere utredet ved ", "{INST}", ", ", "{AVD}", ", uten funn i ", "{CW}", "."],
        ["Henvist til ", "{AVD}", " ", "{DATO2}", ", ", "{C}", "."],
        ["Er oppvokst på ", "{STED}", ", men har bodd i ", "{STED}", " siden ", "{DATO2}", "."],
        ["Skadet seg på hyttetur til ", "{STED}", " ", "{DATO2}", "; ", "{CW}", " verst om morgenen."],
        ["Kontaktperson: datter ", "{T}", ", tlf. ", "{TLF8}", "."],
        ["Ring mobil ", "{TLF8}", " ved avbud. Bruker ", "{CW}", " ved behov."],
        ["Sist sett på ", "{INST}", " ", "{DATO2}", ". ", "{ICPC}", ", ", "{CW}", "."],
        ["Kontroll ved ", "{INST}", " i ", "{STED}", " ", "{DATO2}", ", ", "{C}", "."],
        ["Hun pendler mellom ", "{STED}", " og ", "{STED}", " og sitter mye i bil."],
        ["Fastlege ", "{B}", ", telefon ", "{TLF8}", ", ", "{INST}", "."],
        ["Pasienten kommer fra ", "{STED}", " kommune. Sykemeldt fra ", "{INST}", " ", "{DATO2}", "."],
    ];

    private static readonly string[][] EnglishHeldOut =
    [
        ["She lives in ", "{STED}", " and works as a nurse in ", "{STED}", "."],
        ["He was admitted to ", "{INST}", " on ", "{DATO2}", " with pain in the ", "{CW}", "."],
        ["Moved from ", "{STED}", " to ", "{STED}", " on ", "{DATO2}", "."],
        ["Previously treated at ", "{INST}", ", ", "{AVD}", ", for ", "{CW}", "."],
        ["Contact: daughter ", "{T}", ", phone ", "{TLF8}", "."],
        ["Follow-up at ", "{INST}", " in ", "{STED}", " on ", "{DATO2}", "; ", "{C}", "."],
        ["Injured while skiing near ", "{STED}", " on ", "{DATO2}", "; ", "{CW}", ", ", "{C}", "."],
        ["Call mobile ", "{TLF8}", " to reschedule. Takes ", "{CW}", " as needed."],
        ["Referred to ", "{INST}", " on ", "{DATO2}", " after ", "{ICPC}", "."],
        ["Grew up in ", "{STED}", " and commutes between ", "{STED}", " and ", "{STED}", "."],
    ];

    private static IEnumerable<string[]> EnglishTemplates(int variant)
    {
        yield return variant switch
        {
            0 => ["Patient: ", "{P}", ", DOB ", "{DATO}", ", ID ", "{FNR}", "."],
            1 => ["Name: ", "{P}", " (national ID ", "{FNR}", "), born ", "{DATO}", "."],
            2 => ["{P}", " is a ", "{AGE}", "-year-old with ID ", "{FNR}", "."],
            _ => ["Patient ", "{P}", ", aged ", "{AGE}", ", ID number ", "{FNR}", "."],
        };
        yield return ["{PF}", " was seen by Dr. ", "{T}", " on ", "{DATO}", " for ", "{C}", " at ", "{C}", "."];
        yield return ["Phone ", "{TLF}", ", email ", "{EPOST}", "."];
        yield return variant % 2 == 0 ? ["Address: ", "{ADR}", "."] : ["The patient lives at ", "{GATE}", ", ", "{POST}", "."];
        yield return ["{PG}", " symptoms began ", "{C}", " ago; ", "{C}", ", ", "{C}", "."];
        yield return ["Referred by ", "{T}", " for ", "{ICPC}", ". Follow-up with ", "{B}", "."];
    }

    /// <summary>The shared register lost Æ/Ø/Å (U+FFFD); text written by people has real letters.</summary>
    private static string RepairLetters(string place) => place.Replace('\uFFFD', "ÆØÅ"[place.Length % 3]);

    private static (string, string) Split(string text)
    {
        text = text.Length > 900 ? text[..900] : text;
        var cut = text.LastIndexOf(". ", Math.Max(0, text.Length / 2), StringComparison.Ordinal);
        return cut > 0 ? (text[..(cut + 1)], text[(cut + 2)..]) : (text, "");
    }

    private static List<string> BaseTexts()
    {
        var texts = new List<string>();
        foreach (var row in ReadCsv(Path.Combine(DataRoot, "mts-dialog", "MTS-Dialog-TrainingSet.csv")))
        {
            texts.Add(row["section_text"]);
            texts.Add(row["dialogue"]);
        }
        foreach (var row in ReadCsv(Path.Combine(DataRoot, "mtsamples", "mtsamples_msk_subset.csv")))
            texts.Add(row["transcription"]);
        return texts.Where(t => t.Length > 80).ToList();
    }

    public sealed record PiiRow(string Given, string Surname, string Street, string Zip, string City, string Email, string Phone);

    private static List<PiiRow> PiiRows() =>
        ReadCsv(Path.Combine(DataRoot, "pii-samples", "FakeNameGenerator_NO_rows.csv"))
            .Select(r => new PiiRow(r["GivenName"], r["Surname"], r["StreetAddress"], r["ZipCode"], r["City"], r["EmailAddress"], r["TelephoneNumber"]))
            .Where(r => char.IsUpper(r.Surname[0]))
            .ToList();

    private static List<string[]> ReadRows(string path, char separator, bool header)
    {
        using var csv = CsvReader.FromFile(path, new CsvReaderOptions { Separator = separator, HasHeader = header });
        var rows = new List<string[]>();
        while (csv.Read()) rows.Add(csv.Current.ToArray());
        return rows;
    }

    private static IEnumerable<Dictionary<string, string>> ReadCsv(string path)
    {
        using var csv = CsvReader.FromFile(path, new CsvReaderOptions { Separator = ',', HasHeader = true });
        while (csv.Read())
        {
            var row = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in csv.Headers) row[header.TrimStart('\uFEFF')] = csv.GetString(header);
            yield return row;
        }
    }

    private sealed class Builder
    {
        private readonly StringBuilder _sb = new();
        public List<LabelledSpan> Labels { get; } = [];
        public Builder Text(string s) { _sb.Append(s); return this; }
        public Builder Span(string s, LabelKind kind)
        {
            Labels.Add(new LabelledSpan(_sb.Length, s.Length, kind));
            _sb.Append(s);
            return this;
        }
        public override string ToString() => _sb.ToString();
    }
}
