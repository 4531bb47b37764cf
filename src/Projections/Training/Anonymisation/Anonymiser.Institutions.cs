using System.Text.RegularExpressions;

namespace ChiroClick.Projections.Training.Anonymisation;

// Hospitals, departments, GP offices and clinics → [INSTITUSJON]: where someone was treated narrows down
// who they are as much as where they live.
public sealed partial class Anonymiser
{
    /// <summary>Placeholder for hospitals, departments, GP offices and clinics.</summary>
    public const string InstitutionPlaceholder = "[INSTITUSJON]";

    private const string InstitutionNoun =
        "sykehus(?:et)?|sjukehus(?:et)?|hospital(?:et)?|legekontor(?:et)?|legesenter(?:et)?|helsesenter(?:et)?|legevakt(?:a|en)?|" +
        "klinikk(?:en)?|rehabiliteringssenter(?:et)?|behandlingssenter(?:et)?|rehabilitering|rehabiliteringssykehus|sykehjem(?:met)?|helsehus(?:et)?|" +
        "helsestasjon(?:en)?|fysioterapi|kiropraktikk|kurbad|helsesportssenter(?:et)?|institutt(?:et)?|voksenpsykiatri|somatikk|" +
        "psykiatri|poliklinikk(?:en)?|revmatismesykehus|legesentret|medisinske senter|fysikalske institutt(?:et)?|medisinske senter|helsesportssenter";

    // "Nordlandssykehuset", "Trasoppklinikken", "Evjeklinikken": a capitalised compound ending in an institution noun.
    private static readonly Regex InstitutionCompound = new(
        @"(?<![\p{L}\d])(\p{Lu}[\p{L}-]*?)(?:" + InstitutionNoun + @")(?![\p{L}\d])", Opts);
    // "Bryn legesenter", "Oslo universitetssykehus", "Haukeland University Hospital", "Aleris Sykehus".
    private static readonly Regex InstitutionAfterName = new(
        @"(?<![\p{L}\d])((?:\p{Lu}[\p{L}'’-]*\.?|St\.)(?:[ ](?:\p{Lu}[\p{L}'’-]*\.?|og|for|i))*?)[ ](?i:universitetssykehus(?:et)?|universitetssjukehus(?:et)?|" +
        InstitutionNoun + @"|DPS|BUP|HF|sanitetsforenings\s+\p{L}+|diakonale\s+sykehus|University\s+Hospital|Hospital|Clinic|Medical\s+Cent(?:er|re)|" +
        @"Health\s+Cent(?:er|re)|Rehabilitation\s+Cent(?:er|re)|Infirmary|Behandlingssenter|Røntgen)(?![\p{L}\d])", Opts);
    // "Sykehuset Innlandet", "Klinikk Nord", "DPS Elverum-Hamar", "Unicare Landaasen", "Stiftelsen Renåvangen"; not
    // "Hospital i Hammerfest", where the town is a place of its own.
    private static readonly Regex InstitutionBeforeName = new(
        @"(?<![\p{L}\d])(?:Sykehuset|Sjukehuset|Klinikk|Klinikken|Legevakt|Legevakten|Legesenter|Legesenteret|Legekontor|Legekontoret|Helsesenter|" +
        @"Helsesenteret|DPS|BUP|Helse|Stiftelsen|Avdeling|[Aa]vd\.|[Aa]vdeling|Hospital|Hospitalet|Rehabiliteringssenter|Unilabs(?:\s+Røntgen)?|Aleris|Evidia|Volvat|" +
        @"Unicare|Friskgården|Capio|Falck|NKS|CRUX|Tyrili|Phoenix|Signo|Medi|Ahus|OUS|UNN|SUS|Sunnaas)[ ]+\p{Lu}[\p{L}'’-]*(?:\s\p{Lu}[\p{L}'’-]*)?", Opts);
    // Departments: "nevrologisk avdeling", "ortopedisk poliklinikk", "avdeling for fysikalsk medisin og rehabilitering",
    // "akuttavdelingen", "Department of Neurology".
    private static readonly Regex[] Departments =
    [
        new(@"(?<![\p{L}\d])\p{L}+(?:sk|ske|ær|ære)[ ](?:avdeling(?:en)?|avd\.|poliklinikk(?:en)?|sengepost(?:en)?|seksjon(?:en)?|klinikk(?:en)?|divisjon(?:en)?)(?![\p{L}\d])", Opts),
        new(@"(?<![\p{L}\d])[Aa]vd(?:eling(?:en)?|\.)?[ ]+for[ ]+\p{Ll}{3,}(?:\s\p{Ll}{4,})?(?:\s+og\s+\p{Ll}{4,})?(?![\p{L}\d])", Opts),
        new(@"(?<![\p{L}\d])\p{L}+avdeling(?:en|a)?(?![\p{L}\d])", Opts),
        new(@"(?<![\p{L}\d])(?:Department|University[ ]Hospital|Hospital)[ ]of[ ]\p{Lu}\p{L}+(?:[ ](?:and[ ]|of[ ]|&[ ])?\p{Lu}\p{L}+){0,4}", Opts),
        new(@"(?<![\p{L}\d])[Ss]eksjon[ ]\p{Lu}[\p{L}.-]*", Opts),
    ];
    // Care verbs: what follows "innlagt på", "henvist til", "utredet ved", "admitted to" is an institution.
    private static readonly Regex InstitutionCue = new(
        @"(?:\b(?:[Ii]nnlagt|[Ii]nnlegges|[Ii]nnleggelse|[Hh]envist|[Hh]envises|[Hh]envisning|[Uu]tredet|[Uu]tredes|[Uu]tredning|[Bb]ehandlet|[Bb]ehandles|" +
        @"[Bb]ehandling|[Oo]verført|[Oo]verflyttet|[Uu]tskrevet|[Oo]perert|[Oo]pereres|[Oo]perasjon|[Kk]ontroll|[Pp]oliklinisk|[Vv]urdert|[Vv]urdering|" +
        @"[Rr]øntget|[Uu]ndersøkt|[Ss]ett|[Ss]ees|[Ff]ølges\s+opp|[Ll]agt\s+inn|[Ff]ulgt\s+opp|[Ss]ykemeldt|[Aa]dmitted|[Rr]eferred|[Dd]ischarged|[Tt]reated|[Ss]een|[Ee]valuated|" +
        @"[Tt]ransferred|[Ff]ollowed\s+up|[Ff]ollow-up|[Oo]perated|[Aa]ppointment|[Vv]isit)" +
        @"\s+(?:\p{Ll}+\s+){0,2}?(?:på|ved|til|fra|hos|at|to|from))\s+$", Opts);
    private static readonly Regex InstitutionRunWord = new(@"\G(?:[ ]|-|[ ]-[ ])?(St\.|\p{L}[\p{L}'’]*(?:-\p{L}*)?\.?)", Opts);
    private static readonly Regex InstitutionNounWord = new(@"(?:" + InstitutionNoun + @"|senter|senteret|psykiatri|rus|avhengighet|barne-|ungdomspsykiatri|alderspsykiatriske|behandling|avd|avdeling|seksjon|as|hf)$", Opts);
    private static readonly HashSet<string> InstitutionRunJoiners = new(StringComparer.Ordinal) { "og", "for", "I", "OG", "FOR" };
    // Words after a care verb that are examinations, professions or people, not institutions.
    private static readonly HashSet<string> NotInstitutionStart = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mri", "ct", "røntgen", "ul", "ultralyd", "fysioterapi", "fysioterapeut", "kiropraktor", "lege", "fastlege", "dr", "dr.", "doctor",
        "physical", "physiotherapy", "chiropractic", "emergency", "urgent", "orthopedics", "pain", "the", "a", "an", "our", "his", "her",
        "manuellterapeut", "ortoped", "nevrolog", "spesialist", "operasjon", "kontroll", "oppfølging", "behandling", "pt", "pasient", "behandler",
        "pasientens", "behandlerens", "nav", "ems", "er", "icu", "pt.", "hjemmet", "home",
    };
    private static readonly HashSet<string> GenericInstitutionPrefixes = new(StringComparer.OrdinalIgnoreCase)
    {
        "kiropraktor", "fysioterapi", "lege", "privat", "tann", "universitets", "sentral", "lokal", "distrikts", "region", "fastlege", "spesialist",
        "akutt", "barne", "manuellterapi", "smerte", "rygg", "nakke", "skulder", "idretts", "hånd", "ortopedi", "ortopedisk", "revma", "psykiatrisk",
        "poli", "dag", "natt", "privat", "kommunal", "kommune", "interkommunal",
    };
    private static bool PersonPosition(string before) => Title.IsMatch(before) && !ReferralFrom.IsMatch(before) && !InstitutionCue.IsMatch(before);

    private static readonly Regex PreviousWord = new(@"(\p{Lu}[\p{L}-]*)[ ]$", Opts);
    private readonly Regex _institutionNames;

    private Regex InstitutionNames() =>
        new(@"(?<![\p{L}\d])(?:" + string.Join("|", _lexicon.Institutions.Select(Regex.Escape)) + @")(?![\p{L}\d])", Opts);

    private void DetectInstitutions(string text, KnownNames names, SpanSet taken)
    {
        var found = new List<(int Start, int End)>();
        foreach (Match m in _institutionNames.Matches(text)) found.Add((m.Index, m.Index + m.Length));
        foreach (Match m in InstitutionCompound.Matches(text))
            if (m.Groups[1].Length >= 2 && !GenericInstitutionPrefixes.Contains(m.Groups[1].Value.TrimEnd('s', '-')) &&
                !GenericInstitutionPrefixes.Contains(m.Groups[1].Value))
                found.Add((m.Index, m.Index + m.Length));
        foreach (Match m in InstitutionAfterName.Matches(text))
        {
            // "Han Oslo legevakt" never, but "Hun var på Bryn legesenter" keeps only "Bryn legesenter".
            var lead = m.Groups[1];
            var start = lead.Index;
            foreach (var word in lead.Value.Split(' '))
            {
                if (!NotNames.Contains(word) && !NotPlaces.Contains(word) && word is not ("og" or "for" or "i")) break;
                start += word.Length + 1;
            }
            if (start < lead.Index + lead.Length) found.Add((start, m.Index + m.Length));
        }
        foreach (Match m in InstitutionBeforeName.Matches(text))
            if (!NotNames.Contains(text[(m.Index + m.Value.LastIndexOf(' ') + 1)..(m.Index + m.Length)]))
                found.Add((m.Index, m.Index + m.Length));
        foreach (var r in Departments)
            foreach (Match m in r.Matches(text)) found.Add((m.Index, m.Index + m.Length));
        foreach (var run in CueRuns(text)) found.Add(run);

        found.Sort();
        var merged = new List<(int Start, int End)>();
        foreach (var (s, e) in found)
        {
            if (merged.Count > 0)
            {
                var (ps, pe) = merged[^1];
                // Overlapping, touching, or "Haukeland universitetssykehus, nevrologisk avdeling".
                if (s <= pe || text[pe..s] is " " or ", " or " - " or " – " or "-" or " i " or " in " or " at ")
                {
                    merged[^1] = (ps, Math.Max(pe, e));
                    continue;
                }
            }
            merged.Add((s, e));
        }
        foreach (var (s, e) in merged)
        {
            // "Laura Gaustad" is the patient, not the hospital: known names win, and so does a surname after a given
            // name or a person's title ("Emilian Falck", "Dr. Gaustad"; but "henvist fra Haukeland" is a hospital).
            if (PlaceWord.Matches(text[s..e]).Any(w => names.TryGet(w.Value, out _) || names.TryGet(StripGenitive(w.Value), out _))) continue;
            var lead = text[Math.Max(0, s - 30)..s];
            var previousWord = PreviousWord.Match(lead);
            if (previousWord.Success && (_lexicon.GivenNames.Contains(previousWord.Groups[1].Value) || names.TryGet(previousWord.Groups[1].Value, out _)) ||
                PersonPosition(lead) || previousWord.Success && PersonPosition(lead[..previousWord.Index]))
                continue;
            var end = e;
            // "Sykehuset Innlandet, Gjøvik": the site belongs to the institution's name.
            var site = Regex.Match(text[end..], @"^,?\s(\p{Lu}[\p{L}-]+)(?=[\s.,;:)]|$)");
            if (site.Success && _lexicon.Places.Contains(NorwegianLexicon.PlaceKey(site.Groups[1].Value)) && !PlaceStopwords.Contains(site.Groups[1].Value))
                end += site.Length;
            taken.TryAddClipped(text, s, end, PiiCategory.Institution, InstitutionPlaceholder);
        }
    }

    /// <summary>The capitalised run after a care verb: "innlagt på Veslelien", "henvist til Blå Kors klinikk Haugaland".</summary>
    private static IEnumerable<(int Start, int End)> CueRuns(string text)
    {
        var words = PlaceWord.Matches(text);
        foreach (Match w in words)
        {
            if (!char.IsUpper(w.Value[0]) || NotInstitutionStart.Contains(w.Value) || NotNames.Contains(w.Value) || NotPlaces.Contains(w.Value)) continue;
            if (!InstitutionCue.IsMatch(text[Math.Max(0, w.Index - 50)..w.Index])) continue;
            var end = w.Index;
            var at = w.Index;
            var committed = w.Index;
            while (true)
            {
                var m = InstitutionRunWord.Match(text, at);
                if (!m.Success || m.Length == 0) break;
                var word = m.Groups[1].Value;
                var core = word.TrimEnd('.');
                if (InstitutionRunJoiners.Contains(core)) { at = m.Index + m.Length; continue; }
                var proper = char.IsUpper(word[0]) && !NotNames.Contains(core) && !NotPlaces.Contains(core);
                if (!proper && !InstitutionNounWord.IsMatch(core.ToLowerInvariant())) break;
                // "Haukeland." ends the sentence; "St." does not.
                var length = word.EndsWith('.') && word != "St." ? m.Length - 1 : m.Length;
                end = m.Index + length;
                committed = end;
                at = m.Index + length;
                if (length != m.Length) break;
            }
            if (committed > w.Index) yield return (w.Index, committed);
        }
    }
}
