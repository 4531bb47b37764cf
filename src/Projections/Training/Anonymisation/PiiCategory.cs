namespace ChiroClick.Projections.Training.Anonymisation;

/// <summary>What kind of identity an anonymiser detection removed.</summary>
public enum PiiCategory
{
    /// <summary>Fødselsnummer, D-nummer or any DDMMYY-shaped 11-digit run → <c>[FNUMMER]</c>.</summary>
    IdentityNumber,
    /// <summary>Norwegian phone number → <c>[TELEFON]</c>.</summary>
    Phone,
    /// <summary>E-mail address → <c>[EPOST]</c>.</summary>
    Email,
    /// <summary>Calendar date or month + year → <c>[DATO]</c>.</summary>
    Date,
    /// <summary>Street address or postcode + place → <c>[ADRESSE]</c>.</summary>
    Address,
    /// <summary>Person name → <c>Pasient</c> or <c>Behandler</c> (genitive: <c>Pasientens</c>/<c>Behandlerens</c>).</summary>
    Name,
    /// <summary>Exact age → decade range (<c>47 år</c> → <c>40–49 år</c>).</summary>
    Age,
    /// <summary>Town, municipality or other place name → <c>[STED]</c>.</summary>
    Place,
    /// <summary>Hospital, department, GP office or clinic → <c>[INSTITUSJON]</c>.</summary>
    Institution,
}

/// <summary>
/// One detection in the ORIGINAL text: characters [<paramref name="Start"/>, <paramref name="Start"/> +
/// <paramref name="Length"/>) are replaced by <paramref name="Replacement"/>.
/// </summary>
/// <param name="Start">Zero-based character offset in the original text.</param>
/// <param name="Length">Number of characters replaced.</param>
/// <param name="Category">What was detected.</param>
/// <param name="Replacement">Text written instead.</param>
public sealed record PiiSpan(int Start, int Length, PiiCategory Category, string Replacement)
{
    /// <summary>Offset just after the span.</summary>
    public int End => Start + Length;
}

/// <summary>Result of <see cref="Anonymiser.Anonymise"/>: the text and what was replaced in it.</summary>
/// <param name="Text">The anonymised text.</param>
/// <param name="Spans">Detections, ascending by start, non-overlapping, in original-text offsets.</param>
public sealed record AnonymisedText(string Text, IReadOnlyList<PiiSpan> Spans);

/// <summary>
/// Names known from the clinic's event stream: patients (from PatientRegistered) become "Pasient",
/// practitioners (from visits, later) become "Behandler". Each full name is split into its parts, so
/// "Kari Nordmann" also catches "Kari", "Nordmann" and the genitive "Karis"/"Nordmanns".
/// </summary>
public sealed class KnownNames
{
    /// <summary>No known names: only the dictionary and name-position rules apply.</summary>
    public static readonly KnownNames None = new([], []);

    private readonly Dictionary<string, NameRole> _tokens = new(StringComparer.Ordinal);

    /// <summary>Builds the token lookup from full names (null or blank entries are ignored).</summary>
    /// <param name="patients">Patients' full names.</param>
    /// <param name="practitioners">Practitioners' full names; a part shared with a patient counts as practitioner.</param>
    public KnownNames(IEnumerable<string?> patients, IEnumerable<string?> practitioners)
    {
        foreach (var name in patients) AddParts(name, NameRole.Patient);
        foreach (var name in practitioners) AddParts(name, NameRole.Practitioner);
    }

    /// <summary>Number of distinct name parts known.</summary>
    public int Count => _tokens.Count;

    internal bool TryGet(string token, out NameRole role) => _tokens.TryGetValue(token, out role);

    private void AddParts(string? fullName, NameRole role)
    {
        if (string.IsNullOrWhiteSpace(fullName)) return;
        foreach (var word in fullName.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // "Kim-Andre" is written whole or as "Kim"; both are known.
            foreach (var part in word.Split('-', StringSplitOptions.RemoveEmptyEntries).Append(word).Distinct())
            {
                // One-letter parts and lower-case particles ("van", "de") would hit ordinary words.
                if (part.Length < 2 || !char.IsUpper(part[0])) continue;
                var token = part.TrimEnd('.');
                if (role == NameRole.Practitioner || !_tokens.ContainsKey(token)) _tokens[token] = role;
            }
        }
    }
}

internal enum NameRole { Patient, Practitioner }
