namespace ChiroClick.Projections.Training.Anonymisation;

// Person names → Pasient / Behandler: known names of the record first, then capitalised tokens the lexicon knows as
// names, and phone numbers written right after a name.
public sealed partial class Anonymiser
{
    private void DetectNames(string text, KnownNames names, SpanSet taken)
    {
        var tokens = NameToken.Matches(text);
        var i = 0;
        while (i < tokens.Count)
        {
            var first = tokens[i];
            var (known, role, genitive) = Known(first.Value, names);
            var before = text[Math.Max(0, first.Index - 30)..first.Index];
            var afterTitle = Title.IsMatch(before);
            var dictionary = _lexicon.GivenNames.Contains(first.Value) || _lexicon.GivenNames.Contains(StripGenitive(first.Value)) ||
                             IsPatronymicSurname(first.Value) || IsPatronymicSurname(StripGenitive(first.Value));
            // "Henvist fra Voss", "lives in Sander": a place after a place cue is left to the place rules.
            if (!known && (afterTitle && !dictionary && ReferralFrom.IsMatch(before) || StrongPlaceCue.IsMatch(before)) &&
                _lexicon.Places.Contains(NorwegianLexicon.PlaceKey(first.Value)))
            {
                i++;
                continue;
            }
            if (!known && (!(dictionary || afterTitle) || NotNames.Contains(first.Value)))
            {
                i++;
                continue;
            }
            if (!known) role = afterTitle && PractitionerTitle.IsMatch(before) ? NameRole.Practitioner : NameRole.Patient;

            // Extend over the rest of the name: "Kari Nordmann", "Anthony van den Oord", "Ivan Martin Bugarski".
            var end = first.Index + first.Length;
            var j = i + 1;
            var partsLeft = 3;
            if (!known)
                genitive = IsGenitive(first.Value) ||
                           !_lexicon.GivenNames.Contains(first.Value) && _lexicon.GivenNames.Contains(StripGenitive(first.Value)) ||
                           !IsPatronymicSurname(first.Value) && IsPatronymicSurname(StripGenitive(first.Value));
            while (j < tokens.Count && partsLeft > 0 && !genitive)
            {
                var next = tokens[j];
                var gap = text[end..next.Index];
                if (!IsNameGap(gap)) break;
                var (k, kRole, kGen) = Known(next.Value, names);
                if (!k && NotNames.Contains(next.Value)) break;
                if (k && kRole == NameRole.Practitioner) role = NameRole.Practitioner;
                genitive = kGen || (!k && IsGenitive(next.Value) && !_lexicon.Surnames.Contains(next.Value));
                end = next.Index + next.Length;
                j++;
                partsLeft--;
            }
            var replacement = (role == NameRole.Practitioner ? PractitionerPlaceholder : PatientPlaceholder) + (genitive ? "ens" : "");
            taken.TryAdd(first.Index, end - first.Index, PiiCategory.Name, replacement);
            i = j;
        }
    }

    /// <summary>"Hansen", "Johansen", "Jakobsen": dictionary surnames in -sen/-son stand alone as names; "Berg" or "Strand" do not.</summary>
    private bool IsPatronymicSurname(string token) =>
        (token.EndsWith("sen", StringComparison.Ordinal) || token.EndsWith("son", StringComparison.Ordinal)) && _lexicon.Surnames.Contains(token);

    private static bool IsNameGap(string gap) =>
        gap == " " || gap == "-" ||
        gap.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } parts && gap.StartsWith(' ') && gap.EndsWith(' ') &&
        parts.All(NameParticles.Contains);

    private static (bool Known, NameRole Role, bool Genitive) Known(string token, KnownNames names)
    {
        if (names.TryGet(token, out var role)) return (true, role, false);
        var stem = StripGenitive(token);
        if (stem != token && names.TryGet(stem, out role)) return (true, role, true);
        return (false, NameRole.Patient, false);
    }

    private static bool IsGenitive(string token) => token.EndsWith("'s", StringComparison.Ordinal) || token.EndsWith("’s", StringComparison.Ordinal);

    private static string StripGenitive(string token)
    {
        if (token.EndsWith("'s", StringComparison.Ordinal) || token.EndsWith("’s", StringComparison.Ordinal)) return token[..^2];
        if (token.EndsWith('\'') || token.EndsWith('’')) return token[..^1];
        return token.Length > 2 && token.EndsWith('s') ? token[..^1] : token;
    }

    private static void DetectPhonesAfterNames(string text, SpanSet taken)
    {
        foreach (var name in taken.Detections().Where(s => s.Category == PiiCategory.Name))
        {
            var m = PhoneAfterName.Match(text, name.End);
            if (m.Success && !DottedDate.IsMatch(m.Groups[1].Value))
                taken.TryAdd(m.Groups[1].Index, m.Groups[1].Length, PiiCategory.Phone, PhonePlaceholder, force: true);
        }
    }
}
