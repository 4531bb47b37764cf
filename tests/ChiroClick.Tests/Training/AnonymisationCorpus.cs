using ChiroClick.Projections.Training.Anonymisation;
using ChiroClick.Tests.Infrastructure;

namespace ChiroClick.Tests.Training;

/// <summary>What the corpus labels: the anonymiser's categories plus clinical tokens that must survive.</summary>
public enum LabelKind { IdentityNumber, Phone, Email, Date, Address, Name, Age, Place, Institution, Clinical, PatientName }
// PatientName: a name known from the event stream (the patient's), labelled apart because its target is 100 %.

public sealed record LabelledSpan(int Start, int Length, LabelKind Kind)
{
    public int End => Start + Length;
}

public sealed record LabelledDocument(string Language, string Text, IReadOnlyList<LabelledSpan> Labels, KnownNames Names);

/// <summary>
/// Labelled evaluation corpus: real clinical text from ../shared/data (MTS-Dialog notes and dialogues,
/// CC BY 4.0; MTSamples notes, fixture only, read in place) interleaved with Norwegian and English template
/// sentences whose identities come from pii-samples (MIT), no-names (faker MIT, SSB lists read in place),
/// no-postal (MIT) and fnr-shaped numbers, each inserted at a known span. Clinical tokens (real ICPC-2 codes
/// from icpc2-no, spinal levels, measures, scores, durations, doses) are labelled too, to check they survive.
/// Deterministic for a given seed.
/// </summary>
public static partial class AnonymisationCorpus
{
    public static string DataRoot => Path.GetFullPath(Path.Combine(AppFixture.RepositoryRoot(), "..", "shared", "data"));

    private static readonly string[] NoMonths = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"];
    private static readonly string[] EnMonths = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    private static readonly string[] Levels = ["C5–C6", "C1", "C2-C3", "L4/L5", "L5/S1", "Th4", "Th6–Th7", "T12-L1", "L3", "C7"];
    private static readonly string[] Durations = ["3 uker", "2 dager", "6 måneder", "10 dager", "4 uker", "3 weeks", "2 days", "6 months"];
    private static readonly string[] Doses = ["Ibux 400 mg x 3", "paracetamol 1 g", "500 mg", "Voltaren 50 mg", "naproxen 250 mg", "10 mg"];
    private static readonly string[] NoMonthsShort = ["jan.", "feb.", "mar.", "apr.", "mai", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "des."];
    private static readonly string[] EnMonthsShort = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"];
    // Clinical words that must survive: body parts, drug names, scores and durations as notes write them.
    private static readonly string[] ClinicalWords =
    [
        "korsryggen", "nakken", "venstre skulder", "høyre hofte", "kneet", "Ibux", "Voltaren gel", "Paracet", "Celebra", "Arcoxia", "Tramadol",
        "Sarotex", "Naproxen", "Ibuprofen", "lumbar spine", "right shoulder", "cervical spine", "VAS 7/10", "NRS 5/10", "6/10", "3 uker", "6 weeks",
        "Lasègue", "Spurling", "Holter", "Hofte", "Skulder", "Ryggen", "Nakke", "Achilles", "Baker", "Schober",
    ];
    // Well-known institutions as notes write them; the anonymiser knows some by name, the rest only by their form.
    private static readonly string[] NoHospitals =
    [
        "Haukeland universitetssjukehus", "Haukeland", "Ullevål sykehus", "Ullevål", "Rikshospitalet", "St. Olavs hospital", "Ahus", "Radiumhospitalet",
        "Sunnaas sykehus", "Diakonhjemmet sykehus", "Lovisenberg Diakonale Sykehus", "Oslo universitetssykehus", "UNN Tromsø", "Stavanger universitetssjukehus",
        "Sørlandet sykehus Arendal", "Sykehuset Innlandet Gjøvik", "Bærum sykehus", "Drammen sykehus", "Kalnes", "OUS Ullevål", "A-hus", "Haraldsplass",
        "Martina Hansens Hospital", "Volvat", "Aleris", "Dr. Dropin", "Colosseum Mølla", "Betanien sykehus", "Kysthospitalet i Hagevik",
    ];
    private static readonly string[] EnHospitals =
    [
        "Haukeland University Hospital", "Oslo University Hospital", "St. Olav's Hospital", "Akershus University Hospital", "Ullevål Hospital",
        "Haukeland", "Rikshospitalet", "Stavanger University Hospital", "Sunnaas Rehabilitation Hospital", "University Hospital of North Norway",
    ];
    private static readonly string[] NoDepartments =
    [
        "nevrologisk avdeling", "ortopedisk poliklinikk", "avdeling for fysikalsk medisin og rehabilitering", "revmatologisk avdeling",
        "nevrokirurgisk avdeling", "medisinsk avdeling", "ortopedisk avdeling", "akuttavdelingen", "røntgenavdelingen", "avd. for smertebehandling",
    ];
    private static readonly string[] EnDepartments = ["Department of Neurology", "Department of Orthopaedic Surgery", "Department of Physical Medicine and Rehabilitation", "Department of Radiology"];

    public static IReadOnlyList<LabelledDocument> Generate(int documents, int seed = 20261124)
    {
        var rnd = new Random(seed);
        var baseTexts = BaseTexts();
        var people = PiiRows();
        var givenNames = File.ReadAllLines(Path.Combine(DataRoot, "no-names", "nb_given_names.csv")).Select(l => l.Trim()).Where(l => l.Length > 1).ToArray();
        var familyNames = File.ReadAllLines(Path.Combine(DataRoot, "no-names", "nb_family_names.csv")).Select(l => l.Trim()).Where(l => l.Length > 1).ToArray();
        var postcodes = ReadRows(Path.Combine(DataRoot, "no-postal", "Postnummerregister.tsv"), '\t', header: false)
            .Where(p => p.Length > 1 && p[0].Length == 4).Select(p => (Code: p[0], Place: RepairLetters(p[1]))).ToArray();
        var icpc = ReadRows(Path.Combine(DataRoot, "icpc2-no", "icpc2.csv"), '#', header: true)
            .Where(p => p.Length >= 3).Select(p => (Code: p[1], Text: p[2])).ToArray();
        var fnrVectors = ReadRows(Path.Combine(DataRoot, "fnr", "fnr_test_vectors.csv"), ',', header: true)
            .Select(p => p[0]).Where(n => n.Length == 11 && n.All(char.IsAsciiDigit)).ToArray();

        // Held out: towns and healthcare units of Nor-DeID-SynthData (fixture only, read in place); the anonymiser
        // embeds neither list, only the postcode register and its own short list of institution names.
        var towns = File.ReadAllLines(Path.Combine(DataRoot, "no-names", "nb_cities.csv")).Select(l => l.Trim())
            .Where(l => l.Length > 1 && !l.Contains('(')).ToArray();
        var units = File.ReadAllLines(Path.Combine(DataRoot, "no-names", "nb_healthcare_units.csv")).Select(l => l.Split(',')[0].Trim())
            .Where(l => l.Length > 1).Distinct().ToArray();

        T Pick<T>(IReadOnlyList<T> items) => items[rnd.Next(items.Count)];
        string Title(string s) => string.Join(' ', s.Split(' ').Select(w => w.Length == 0 ? w : w[..1] + w[1..].ToLowerInvariant()));

        var docs = new List<LabelledDocument>(documents);
        for (var d = 0; d < documents; d++)
        {
            var norwegian = d % 2 == 0;
            var b = new Builder();
            var person = Pick(people);
            var patientFirst = rnd.Next(2) == 0 ? person.Given : Pick(givenNames);
            var patientLast = rnd.Next(2) == 0 ? person.Surname : Pick(familyNames);
            var practitioner = $"{Pick(givenNames)} {Pick(familyNames)}";
            var other = Pick(people);
            var thirdParty = rnd.Next(2) == 0 ? $"{other.Given} {other.Surname}" : $"{Pick(givenNames)} {Pick(familyNames)}";
            var names = new KnownNames([$"{patientFirst} {patientLast}"], [practitioner]);

            string Fnr()
            {
                string digits;
                if (rnd.Next(4) == 0) digits = Pick(fnrVectors);
                else
                {
                    var birth = new DateOnly(1930, 1, 1).AddDays(rnd.Next(365 * 90));
                    var day = birth.Day + (rnd.Next(5) == 0 ? 40 : 0);
                    var month = birth.Month + (rnd.Next(8) == 0 ? 80 : 0);
                    digits = $"{day:00}{month:00}{birth.Year % 100:00}{rnd.Next(100000):00000}";
                }
                return rnd.Next(3) switch { 0 => digits, 1 => digits[..6] + " " + digits[6..], _ => digits[..6] + "-" + digits[6..] };
            }
            string Phone()
            {
                var digits = new string(person.Phone.Where(char.IsAsciiDigit).ToArray());
                if (digits.Length != 8) digits = $"9{rnd.Next(10000000):0000000}";
                return rnd.Next(6) switch
                {
                    0 => person.Phone,
                    1 => "+47 " + digits,
                    2 => "0047 " + digits[..3] + " " + digits[3..5] + " " + digits[5..],
                    3 => digits,
                    4 => $"{digits[..2]} {digits[2..4]} {digits[4..6]} {digits[6..]}",
                    _ => "+47" + digits,
                };
            }
            string Date(bool english)
            {
                var date = new DateOnly(1935, 1, 1).AddDays(rnd.Next(365 * 92));
                if (english)
                    return rnd.Next(3) switch
                    {
                        0 => $"{date.Month}/{date.Day}/{date.Year}",
                        1 => $"{EnMonths[date.Month - 1]} {date.Day}, {date.Year}",
                        _ => $"{date:yyyy-MM-dd}",
                    };
                return rnd.Next(5) switch
                {
                    0 => $"{date:dd.MM.yyyy}",
                    1 => $"{date:yyyy-MM-dd}",
                    2 => $"{date.Day}/{date.Month}-{date.Year % 100:00}",
                    3 => $"{date.Day}. {NoMonths[date.Month - 1]} {date.Year}",
                    _ => $"{NoMonths[date.Month - 1]} {date.Year}",
                };
            }
            string Place(string code) => rnd.Next(2) == 0 ? postcodes.First(p => p.Code == code).Place : Title(postcodes.First(p => p.Code == code).Place);
            (string Code, string Place) Post()
            {
                if (rnd.Next(2) == 0 && postcodes.Any(p => p.Code == person.Zip)) return (person.Zip, Place(person.Zip));
                var p = Pick(postcodes);
                return (p.Code, rnd.Next(2) == 0 ? p.Place : Title(p.Place));
            }
            string Clinical() => rnd.Next(7) switch
            {
                0 => Pick(icpc).Code,
                1 => Pick(Levels),
                2 => $"{rnd.Next(5, 90)}°",
                3 => $"{rnd.Next(100, 160)}/{rnd.Next(60, 100)} mmHg",
                4 => $"VAS {rnd.Next(1, 10)}/10",
                5 => Pick(Durations),
                _ => Pick(Doses),
            };

            string NewDate(bool english)
            {
                var date = new DateOnly(1935, 1, 1).AddDays(rnd.Next(365 * 92));
                var en = EnMonths[date.Month - 1];
                var no = NoMonths[date.Month - 1];
                var month = english || rnd.Next(4) == 0 ? en : no; // Norwegian notes borrow English month names too
                return rnd.Next(14) switch
                {
                    0 => $"{month} {date.Day}. {date.Year}",
                    1 => $"{date.Day}. {month} {date.Year}",
                    2 => $"{date.Day} {month} {date.Year}",
                    3 => $"{month} {date.Day}, {date.Year}",
                    4 => $"{date:dd.MM.yy}",
                    5 => $"{date.Day}/{date.Month}-{date.Year % 100:00}",
                    6 => $"{date.Day}. {(english ? EnMonthsShort[date.Month - 1] + "." : NoMonthsShort[date.Month - 1])} {date.Year}",
                    7 => $"{EnMonthsShort[date.Month - 1]}. {date.Day}, {date.Year}",
                    8 => $"{date.Day}.{no} {date.Year}",
                    9 => $"{no} -{date.Year % 100:00}",
                    10 => $"{date.Day}{(date.Day % 10) switch { 1 when date.Day != 11 => "st", 2 when date.Day != 12 => "nd", 3 when date.Day != 13 => "rd", _ => "th" }} of {en} {date.Year}",
                    11 => $"{date:dd-MM-yyyy}",
                    12 => $"{month.ToLowerInvariant()} {date.Day} {date.Year}",
                    _ => $"{date.Day}. {month}",
                };
            }
            string AnyPhone()
            {
                var digits = $"{rnd.Next(10)}{rnd.Next(10000000):0000000}";
                var intl = $"9{rnd.Next(10000000):0000000}";
                return rnd.Next(9) switch
                {
                    0 => digits,
                    1 => $"{digits[..3]} {digits[3..5]} {digits[5..]}",
                    2 => $"{digits[..2]} {digits[2..4]} {digits[4..6]} {digits[6..]}",
                    3 => $"{digits[..4]} {digits[4..]}",
                    4 => $"+47-{intl[..3]}-{intl[3..5]}-{intl[5..]}",
                    5 => $"(+47) {intl[..2]} {intl[2..4]} {intl[4..6]} {intl[6..]}",
                    6 => $"0047 {intl[..4]} {intl[4..]}",
                    7 => $"+47  {intl[..3]} {intl[3..5]} {intl[5..]}",
                    _ => $"+ 47 {intl}",
                };
            }
            string Town() => Pick(towns);
            string Institution(bool english)
            {
                var r = rnd.Next(10);
                if (r < 4) return Pick(units);
                if (r < 7) return english ? Pick(EnHospitals) : Pick(NoHospitals);
                var town = Pick(towns).Split('/')[0];
                return english
                    ? rnd.Next(4) switch { 0 => $"{town} Hospital", 1 => $"{town} Medical Center", 2 => $"{town} Clinic", _ => $"{town} Health Centre" }
                    : rnd.Next(9) switch
                    {
                        0 => $"{town} legesenter", 1 => $"{town} legekontor", 2 => $"{town} legevakt", 3 => $"{town} DPS", 4 => $"{town} sykehus",
                        5 => $"{town}klinikken", 6 => $"Sykehuset {town}", 7 => $"{town} helsesenter", _ => $"{town} fysikalske institutt",
                    };
            }

            var (baseFirst, baseSecond) = Split(Pick(baseTexts));
            var age = rnd.Next(18, 95);
            var extra = norwegian ? NorwegianHeldOut : EnglishHeldOut;
            var picked = Enumerable.Range(0, extra.Length).OrderBy(_ => rnd.Next()).Take(4).Select(i => extra[i]).ToList();
            var sentences = (norwegian ? NorwegianTemplates(rnd.Next(4)) : EnglishTemplates(rnd.Next(4))).Concat(picked).ToList();
            b.Text(baseFirst).Text("\n");
            foreach (var template in sentences)
            {
                foreach (var part in template)
                {
                    switch (part)
                    {
                        case "{P}": b.Span($"{patientFirst} {patientLast}", LabelKind.PatientName); break;
                        case "{PF}": b.Span(patientFirst, LabelKind.PatientName); break;
                        case "{PL}": b.Span(patientLast, LabelKind.PatientName); break;
                        case "{PG}": b.Span(patientFirst + (norwegian ? "s" : "'s"), LabelKind.PatientName); break;
                        case "{B}": b.Span(practitioner, LabelKind.Name); break;
                        case "{T}": b.Span(thirdParty, LabelKind.Name); break;
                        case "{FNR}": b.Span(Fnr(), LabelKind.IdentityNumber); break;
                        case "{TLF}": b.Span(Phone(), LabelKind.Phone); break;
                        case "{EPOST}": b.Span(rnd.Next(2) == 0 ? person.Email : $"{patientFirst}.{patientLast}@example.no".ToLowerInvariant().Replace(' ', '.'), LabelKind.Email); break;
                        case "{DATO}": b.Span(Date(!norwegian), LabelKind.Date); break;
                        case "{GATE}": b.Span(person.Street, LabelKind.Address); break;
                        case "{ADR}":
                            var (code, place) = Post();
                            b.Span($"{person.Street}, {code} {place}", LabelKind.Address); break;
                        case "{POST}":
                            var (code2, place2) = Post();
                            b.Span($"{code2} {place2}", LabelKind.Address); break;
                        case "{AGE}": b.Span(age.ToString(), LabelKind.Age); break;
                        case "{C}": b.Span(Clinical(), LabelKind.Clinical); break;
                        case "{ICPC}": b.Span(Pick(icpc).Code, LabelKind.Clinical); break;
                        case "{DATO2}": b.Span(NewDate(!norwegian), LabelKind.Date); break;
                        case "{TLF8}": b.Span(AnyPhone(), LabelKind.Phone); break;
                        case "{STED}": b.Span(Town(), LabelKind.Place); break;
                        case "{INST}": b.Span(Institution(!norwegian), LabelKind.Institution); break;
                        case "{AVD}": b.Span(norwegian ? Pick(NoDepartments) : Pick(EnDepartments), LabelKind.Institution); break;
                        case "{CW}": b.Span(Pick(ClinicalWords), LabelKind.Clinical); break;
                        default: b.Text(part); break;
                    }
                }
                b.Text(" ");
            }
            b.Text("\n").Text(baseSecond);
            docs.Add(new LabelledDocument(norwegian ? "no" : "en", b.ToString(), b.Labels, names));
        }
        return docs;
    }
}
