using System.Text;
using System.Text.RegularExpressions;

namespace ChiroClick.Projections.Training.Anonymisation;

/// <summary>
/// Rule-based anonymiser for Norwegian (and English) clinical text, pure and thread-safe. Replaces:
/// <list type="bullet">
/// <item>identity numbers: every 11-digit run (fødselsnummer, D-nummer, H-/synthetic numbers: DDMMYY + 5 digits),
/// also with a space or hyphen after the six date digits, whatever its date or control digits → <c>[FNUMMER]</c>;</item>
/// <item>phones: 8 digits (first 2–9) written 12345678, 123 45 678, 12 34 56 78 or 1234 5678; +47 / 0047 / (+47) with any
/// spacing; any 8 digits, whatever the first, in phone position (after tlf, telefon, mobil, ring, nr, phone, ... or a name)
/// → <c>[TELEFON]</c>;</item>
/// <item>e-mail addresses → <c>[EPOST]</c>;</item>
/// <item>dates: 12.01.2026, 05.07.14, 12.01., 2026-01-12, 05-07-2014, 12/1-26, 9/28/1994, "12. januar 2026", "januar 2026", "mars -19",
/// and Norwegian or English month names (full or short) in either order with or without the dot after the day: "March 3. 2019",
/// "3. March 2019", "3 mars 2019", "March 3, 2019", "3rd of March 2019" → <c>[DATO]</c>;</item>
/// <item>health institutions: a list of proper names (Haukeland, Ullevål, St. Olavs hospital, Ahus, ...), names with an institution
/// noun (-sykehus, -legekontor, -legesenter, -legevakt, -klinikk, helsesenter, DPS, Hospital, Clinic, ...), departments (nevrologisk
/// avdeling, avdeling for ..., Department of ...) and whatever capitalised run follows a care verb (innlagt på, henvist til,
/// admitted to, ...) → <c>[INSTITUSJON]</c>;</item>
/// <item>places: place and municipality names of the postcode register (ordinary words such as Sand or Time only after a place
/// preposition), and any capitalised run after a place cue (bor i, flyttet til, lives in, moved from, ...) → <c>[STED]</c>;</item>
/// <item>addresses: postcode + place checked against the postcode register, the street before it, streets with
/// a street-name ending and a house number, and streets after "bor i"/"adresse"/"lives at" → <c>[ADRESSE]</c>;</item>
/// <item>exact ages in age position ("Kvinne, 47 år", "47 år gammel", "47-year-old") → decade ("40–49 år");</item>
/// <item>names: parts of the known patient/practitioner names (genitive too), dictionary given names (and dictionary
/// surnames in -sen/-son) with the capitalised words after them, and capitalised words after a title (Dr., fastlege, kiropraktor, Mr., ...)
/// → "Pasient"/"Behandler" ("Pasientens"/"Behandlerens" for a genitive).</item>
/// </list>
/// Clinical tokens (ICPC-2 codes, spinal levels, measures, VAS scores, doses, durations) are protected:
/// no detection may overlap them. Bump <see cref="Version"/> whenever a rule changes, so exports and
/// rebuilt projections show which rules produced them.
/// </summary>
public sealed partial class Anonymiser
{
    /// <summary>Version of the rules; written to every export manifest.</summary>
    public const string Version = "2026.12.1";

    /// <summary>Placeholder for identity numbers.</summary>
    public const string IdentityNumberPlaceholder = "[FNUMMER]";
    /// <summary>Placeholder for phone numbers.</summary>
    public const string PhonePlaceholder = "[TELEFON]";
    /// <summary>Placeholder for e-mail addresses.</summary>
    public const string EmailPlaceholder = "[EPOST]";
    /// <summary>Placeholder for dates.</summary>
    public const string DatePlaceholder = "[DATO]";
    /// <summary>Placeholder for addresses.</summary>
    public const string AddressPlaceholder = "[ADRESSE]";
    /// <summary>Replacement for a patient's (or an unknown person's) name.</summary>
    public const string PatientPlaceholder = "Pasient";
    /// <summary>Replacement for a practitioner's name.</summary>
    public const string PractitionerPlaceholder = "Behandler";

    private const RegexOptions Opts = RegexOptions.Compiled | RegexOptions.CultureInvariant;
    private const string NotWordBefore = @"(?<![\p{L}\d])";
    private const string NotWordAfter = @"(?![\p{L}\d])";
    // An age already turned into a range ("40–49 år") must not be caught again by a rescan.
    private const string AgeBefore = @"(?<![\p{L}\d–-])";

    private static readonly Regex Email = new(@"(?<![\w.+-])[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.\p{L}{2,}", Opts);
    private static readonly Regex IdentityNumber = new(@"(?<![\d])\d{6}[ \u00A0-]?\d{5}(?![\d])", Opts);
    private static readonly Regex Phone = new(
        @"(?<![\d+\w])(?:(?:\+|00)\s?47[\s-]?(?:\d{8}|\d{3}\s\d{2}\s\d{3}|\d{2}\s\d{2}\s\d{2}\s\d{2}|\d{4}\s\d{4})" +
        @"|[2-9]\d{7}|[2-9]\d{2}\s\d{2}\s\d{3}|[2-9]\d\s\d{2}\s\d{2}\s\d{2}|[2-9]\d{3}\s\d{4})(?![\d])", Opts);
    // +47 / 0047 with any spacing: "+47 91 45 49 25", "(+47) 914-54-925", "0047 9145 4925", "+4791454925".
    private static readonly Regex PhoneInternational = new(
        @"(?<![\d\w])(?:\(\s?(?:\+|00)\s?47\s?\)|(?:\+|00)\s?47)[\s.-]*\d(?:[ .-]?\d){7}(?![\d])", Opts);
    // Any 8 digits, whatever the first, in phone position: "tlf 01234567", "mobil: 123 45 678", "ring 1234 5678".
    private static readonly Regex PhoneInContext = new(
        @"(?:\b(?:[Tt]lf|TLF|[Tt]elefon(?:nummer|nr)?|[Mm]obil(?:nummer|nr|telefon)?|[Mm]ob|[Rr]ing|[Rr]inge|[Rr]inger|[Nn]r|[Nn]ummer|[Tt]elefonnr|" +
        @"[Pp]hone|[Tt]el|[Cc]ell|[Mm]obile|[Cc]all|SMS|[Ss]ms|[Kk]ontakt(?:nummer)?|[Nn]umber)\.?\s*(?:nr\.?|nummer|number|no\.?|#)?\s*[:=]?\s*" +
        @"(?:på\s+|til\s+|on\s+|at\s+)?)(\d(?:[ .-]?\d){7})(?![\d])", Opts);
    // After a name: "Kari Hansen 01234567", "datter Pasient (01 23 45 67)".
    private static readonly Regex PhoneAfterName = new(@"\G[ \t]*[,:(/-]?[ \t]*(\d(?:[ .-]?\d){7})(?![\d])", Opts);
    private static readonly Regex DottedDate = new(@"^\d{1,2}\.\d{1,2}\.\d{2,4}$", Opts);

    private const string NoMonths = "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember|" +
                                    "jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|des";
    private const string EnMonths = "January|February|March|April|May|June|July|August|September|October|November|December|" +
                                    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec";
    private static readonly Regex[] Dates =
    [
        new(NotWordBefore + @"\d{4}-\d{1,2}-\d{1,2}" + NotWordAfter, Opts),
        new(NotWordBefore + @"(\d{1,2})\.(\d{1,2})\.(?:\d{4}|\d{2})" + NotWordAfter, Opts),
        // "kontroll 12.01." — day and month without a year, written with the closing dot.
        new(NotWordBefore + @"(\d{1,2})\.(\d{1,2})\.(?![\p{L}\d])", Opts),
        new(NotWordBefore + @"(\d{1,2})/(\d{1,2})[-/](?:\d{4}|\d{2})" + NotWordAfter, Opts),
        new(NotWordBefore + @"\d{1,2}\.?\s(?:" + NoMonths + @")\.?(?:\s\d{4})?" + NotWordAfter, Opts | RegexOptions.IgnoreCase),
        new(NotWordBefore + @"\d{1,2}(?:st|nd|rd|th)?\s(?:of\s)?(?:" + EnMonths + @")\.?(?:,?\s\d{4})?" + NotWordAfter, Opts),
        new(NotWordBefore + @"(?:" + EnMonths + @")\.?\s\d{1,2}(?:st|nd|rd|th)?(?:,?\s\d{4})" + NotWordAfter, Opts),
        new(NotWordBefore + @"(?:" + NoMonths + "|" + EnMonths + @")\.?\s\d{4}" + NotWordAfter, Opts | RegexOptions.IgnoreCase),
        // Month names of either language in either order, with or without the dot after the day: "March 3. 2019",
        // "3. March 2019", "mars 3, 2019", "3rd of mars 2019", "Mar. 3rd '19".
        new(NotWordBefore + @"(?:" + NoMonths + "|" + EnMonths + @")\.?\s?\d{1,2}(?:st|nd|rd|th|\.)?,?\s(?:\d{4}|'\d{2})" + NotWordAfter,
            Opts | RegexOptions.IgnoreCase),
        new(NotWordBefore + @"\d{1,2}(?:st|nd|rd|th|\.)?\s?(?:of\s)?(?:" + NoMonths + "|" + EnMonths + @")\.?,?\s(?:\d{4}|'\d{2})" + NotWordAfter,
            Opts | RegexOptions.IgnoreCase),
        // Without a year: "3. March", "March 3", "3 mars", "on the 3rd of March" (full English month names, as written).
        new(NotWordBefore + @"\d{1,2}(?:st|nd|rd|th|\.)?\s?(?:of\s)?(?:" + EnMonths + @")\.?" + NotWordAfter, Opts),
        new(NotWordBefore + @"(?:January|February|March|April|June|July|August|September|October|November|December)\s\d{1,2}(?:st|nd|rd|th|\.)?(?![\p{L}\d]|\.\d)", Opts),
        // "mars -19", "March '19", "03.2019", "3/2019".
        new(NotWordBefore + @"(?:" + NoMonths + "|" + EnMonths + @")\.?\s(?:-|')\d{2}" + NotWordAfter, Opts | RegexOptions.IgnoreCase),
        new(NotWordBefore + @"(0?[1-9]|1[0-2])[./](?:19|20)\d{2}" + NotWordAfter, Opts),
        // "05-07-2014", "05-07-14".
        new(NotWordBefore + @"(\d{1,2})-(\d{1,2})-\d{4}" + NotWordAfter, Opts),
        new(NotWordBefore + @"(\d{2})-(\d{2})-\d{2}" + NotWordAfter, Opts),
        // "den 3.", "the 3rd" are no dates alone; "5/7" (day/month) after a date word is: "kontroll 5/7", "seen 7/5".
    ];

    private static readonly Regex Postcode = new(
        @"(?<![\d\p{L}-])(?:NO?-)?(\d{4})\s+(\p{Lu}[\p{L}.-]*(?:\s+(?:i\s+|I\s+)?\p{Lu}[\p{L}.-]*){0,3})", Opts);
    private static readonly Regex StreetBeforePostcode = new(
        @"(\p{Lu}[\p{L}.'’-]*(?:[ ][\p{L}.'’-]+){0,3}[ ]\d{1,4}(?:[ ]?[A-Za-z](?![\p{L}]))?)\s*,?\s*$", Opts);
    private static readonly Regex AddressCue = new(
        @"(?:\b(?:[Bb]or|[Bb]osatt)\s+(?:i|på)|\b[Aa]dresse(?:n)?(?:\s+er)?:?|\b[Aa]ddress(?:\s+is)?:?|\blives\s+(?:at|on)|\bresides\s+at)\s+" +
        @"(\p{Lu}[\p{L}.'’-]*(?:[ ][\p{L}.'’-]+){0,3}[ ]\d{1,4}(?:[ ]?[A-Za-z](?![\p{L}\d]))?)" + NotWordAfter, Opts);
    private readonly Regex _street;

    private static readonly Regex[] Ages =
    [
        // "47 år gammel", "47-åring", "47 år" after a person word, "Alder: 47".
        new(AgeBefore + @"(\d{1,3})(\s?år\s+(?:gammel|gml\.?))", Opts | RegexOptions.IgnoreCase),
        new(AgeBefore + @"(\d{1,3})(\s?-?\s?åring(?:en)?)" + NotWordAfter, Opts | RegexOptions.IgnoreCase),
        new(@"(?:\b(?:kvinne|mann|gutt|jente|dame|herre|pasient|pasienten|pas\.?|hun|han|er|alder|K|M)\s*[:,]?\s*|,\s*)(\d{1,3})(\s?år)" + NotWordAfter,
            Opts | RegexOptions.IgnoreCase),
        new(AgeBefore + @"(\d{1,3})([- ]years?[- ]old)" + NotWordAfter, Opts | RegexOptions.IgnoreCase),
        new(@"\b(?:[Aa]ged?|[Aa]lder)\s*:?\s*(\d{1,3})()(?![\p{L}\d–-])", Opts),
    ];

    private static readonly Regex[] Clinical =
    [
        new(NotWordBefore + @"[A-Z]\d{2}" + NotWordAfter, Opts),                                                      // ICPC-2
        new(NotWordBefore + @"(?:C|Th|T|L|S)\d{1,2}(?:\s?[-–/]\s?(?:C|Th|T|L|S)?\d{1,2})?" + NotWordAfter, Opts),     // spinal levels
        new(@"\d+(?:[.,]\d+)?\s?(?:°|mmHg|mm|cm|kg|mg|mcg|µg|g|ml|l|%|IE|x\s?\d+)" + NotWordAfter, Opts),             // measures, doses
        new(@"\d{2,3}/\d{2,3}\s?mmHg", Opts),
        new(@"(?:VAS|NRS|NPRS)\s?:?\s?\d+(?:[.,]\d)?\s?/\s?10|\d{1,2}/10(?![\d/-])" + NotWordAfter, Opts),                      // scores
        new(NotWordBefore + @"\d+\s?(?:dager|døgn|uker|uke|måneder|mnd|timer|min|minutter|days|weeks|months|hours)" + NotWordAfter, Opts | RegexOptions.IgnoreCase),
    ];

    private static readonly Regex NameToken = new(@"(?<![\p{L}\d])\p{Lu}[\p{L}'’-]*\p{Ll}[\p{L}'’-]*(?![\p{L}\d])", Opts);
    private static readonly Regex Title = new(
        @"(?:\b(?:Dr|dr|Mr|Mrs|Ms|Miss|Prof|prof|Herr|Fru|Frk|herr|fru|frk)\.?|\b(?:[Ll]ege|[Ff]astlege|[Ll]egen|[Kk]iropraktor|[Kk]iropraktoren|" +
        @"[Ff]ysioterapeut|[Ff]ysioterapeuten|[Mm]anuellterapeut|[Ss]ykepleier|[Nn]aprapat|[Oo]rtoped|[Bb]ehandler|[Pp]asient|[Pp]asienten|[Pp]atient|" +
        @"[Dd]atter|[Ss]ønn|[Mm]or|[Ff]ar|[Kk]ona|[Kk]one|[Ee]ktemann|[Ss]amboer|[Dd]aughter|[Ss]on|[Ww]ife|[Hh]usband|[Mm]other|[Ff]ather|" +
        @"[Hh]envist\s+av|[Hh]envist\s+fra|[Rr]eferred\s+by|[Hh]ei|[Kk]jære|[Dd]ear|[Hh]ilsen|[Mm]vh\.?)|\b(?:[Nn]avn|[Nn]ame):)\s+$", Opts);
    private static readonly Regex PractitionerTitle = new(
        @"(?:Dr|dr|Prof|prof|[Ll]ege|[Ff]astlege|[Ll]egen|[Kk]iropraktor|[Kk]iropraktoren|[Ff]ysioterapeut|[Ff]ysioterapeuten|[Mm]anuellterapeut|" +
        @"[Ss]ykepleier|[Nn]aprapat|[Oo]rtoped|[Bb]ehandler|[Hh]envist\s+av|[Hh]envist\s+fra|[Rr]eferred\s+by|[Hh]ilsen|[Mm]vh)\.?:?\s+$", Opts);
    private static readonly Regex ReferralFrom = new(@"\b[Hh]envist\s+fra\s+$", Opts);
    private static readonly HashSet<string> NameParticles = new(StringComparer.Ordinal) { "van", "der", "den", "de", "von", "da", "di", "du", "le", "la", "dos", "del" };
    private static readonly HashSet<string> NotNames = new(StringComparer.Ordinal)
    {
        "The", "This", "That", "He", "She", "It", "We", "They", "His", "Her", "Hi", "Hello", "Yes", "No", "And", "But", "Is", "Was", "Has", "Had",
        "Han", "Hun", "Det", "Den", "De", "Vi", "Jeg", "Og", "Men", "Er", "Var", "Har", "Hadde", "Ja", "Nei", "Takk", "Thank", "Thanks", "Doctor",
        "Pasient", "Pasienten", "Pasientens", "Patient", "Behandler", "Behandlerens", "Subjective", "Objective", "Assessment", "Plan", "History", "Status", "Diagnose", "Tiltak",
        "Funn", "Anamnese", "Vurdering", "Konklusjon", "Sincerely", "Regards", "Kind", "Dear", "Kjære", "Hei", "Hilsen", "Mvh", "Ok", "Okay", "So",
        "Well", "Also", "Today", "I", "You", "Your", "My", "Mine", "Din", "Min", "Good", "Great", "Sure", "Right", "Now", "Then", "Not",
        "In", "On", "At", "For", "With", "To", "Of", "From", "Fra", "Til", "Med", "Om", "På", "Av", "Som", "Etter", "Før", "Ved", "Uten",
    };

    private readonly NorwegianLexicon _lexicon;

    /// <summary>The anonymiser with the embedded Norwegian lexicon.</summary>
    public static Anonymiser Default { get; } = new(NorwegianLexicon.Default);

    /// <summary>Creates an anonymiser over <paramref name="lexicon"/>.</summary>
    public Anonymiser(NorwegianLexicon lexicon)
    {
        _lexicon = lexicon;
        _institutionNames = InstitutionNames();
        var suffixes = string.Join("|", lexicon.StreetSuffixes.Select(Regex.Escape));
        _street = new Regex(
            @"(?<![\p{L}\d])\p{Lu}(?:[\p{L}.'’-]*[ ]){0,3}[\p{L}-]*(?:" + suffixes + @")[ ]\d{1,4}(?:[ ]?[A-Za-z](?![\p{L}\d]))?(?![\p{L}\d])", Opts);
    }

    /// <summary>Anonymises <paramref name="text"/> (null or empty → unchanged) with the given known names.</summary>
    public AnonymisedText Anonymise(string? text, KnownNames? names = null)
    {
        if (string.IsNullOrEmpty(text)) return new AnonymisedText(text ?? "", []);
        var spans = Detect(text, names);
        if (spans.Count == 0) return new AnonymisedText(text, spans);
        var sb = new StringBuilder(text.Length);
        var at = 0;
        foreach (var span in spans)
        {
            sb.Append(text, at, span.Start - at).Append(span.Replacement);
            at = span.End;
        }
        sb.Append(text, at, text.Length - at);
        return new AnonymisedText(sb.ToString(), spans);
    }

    /// <summary>Anonymised text only.</summary>
    public string Clean(string? text, KnownNames? names = null) => Anonymise(text, names).Text;

    /// <summary>
    /// Detections in <paramref name="text"/>, ascending and non-overlapping. Earlier categories win an
    /// overlap: e-mail, identity number, phone, date, address, institution, age, name, place.
    /// </summary>
    public IReadOnlyList<PiiSpan> Detect(string text, KnownNames? names = null)
    {
        names ??= KnownNames.None;
        var taken = new SpanSet();
        foreach (var r in Clinical)
            foreach (Match m in r.Matches(text)) taken.Protect(m.Index, m.Length);

        foreach (Match m in Email.Matches(text)) taken.TryAdd(m.Index, m.Length, PiiCategory.Email, EmailPlaceholder);
        // Every 11-digit run, also split 6 + 5: test numbers with impossible dates and invalid control digits
        // occur in real text, and nothing clinical is written that way.
        foreach (Match m in IdentityNumber.Matches(text))
            taken.TryAdd(m.Index, m.Length, PiiCategory.IdentityNumber, IdentityNumberPlaceholder, force: true);
        foreach (Match m in PhoneInternational.Matches(text)) taken.TryAdd(m.Index, m.Length, PiiCategory.Phone, PhonePlaceholder, force: true);
        foreach (Match m in PhoneInContext.Matches(text))
            if (!DottedDate.IsMatch(m.Groups[1].Value))
                taken.TryAdd(m.Groups[1].Index, m.Groups[1].Length, PiiCategory.Phone, PhonePlaceholder, force: true);
        foreach (Match m in Phone.Matches(text))
            if (!LooksLikeYears(m.Value)) taken.TryAdd(m.Index, m.Length, PiiCategory.Phone, PhonePlaceholder, force: true);
        // Longest first: "24. June 1937" must win over its tail "June 1937".
        foreach (var m in Dates.SelectMany(r => r.Matches(text)).Where(PlausibleDate).OrderByDescending(m => m.Length).ThenBy(m => m.Index))
            taken.TryAdd(m.Index, m.Length, PiiCategory.Date, DatePlaceholder);

        DetectAddresses(text, taken);
        DetectInstitutions(text, names, taken);
        DetectAges(text, taken);
        DetectNames(text, names, taken);
        DetectPhonesAfterNames(text, taken);
        DetectPlaces(text, taken);
        return taken.Detections();
    }
}
