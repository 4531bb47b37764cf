using System.Text.RegularExpressions;

namespace ChiroClick.Projections.Training.Anonymisation;

// Street addresses and postcodes → [ADRESSE]: an address names a household.
public sealed partial class Anonymiser
{
    private void DetectAddresses(string text, SpanSet taken)
    {
        foreach (Match m in Postcode.Matches(text))
        {
            var code = m.Groups[1].Value;
            if (!_lexicon.Postcodes.TryGetValue(code, out var place)) continue;
            var words = m.Groups[2].Value;
            var placeLength = MatchPlace(words, place);
            if (placeLength == 0) continue;
            var start = m.Index;
            var end = m.Groups[2].Index + placeLength;
            // The street usually comes right before "1400 Ski": "Glynitveien 218, 1400 Ski".
            var lookFrom = Math.Max(0, start - 60);
            var before = text[lookFrom..start];
            var cut = Math.Max(before.LastIndexOfAny(['\n', ';', '(', ':']), -1);
            var street = StreetBeforePostcode.Match(before[(cut + 1)..]);
            if (street.Success) start = lookFrom + cut + 1 + street.Groups[1].Index;
            taken.TryAdd(start, end - start, PiiCategory.Address, AddressPlaceholder);
        }
        foreach (Match m in AddressCue.Matches(text))
            taken.TryAdd(m.Groups[1].Index, m.Groups[1].Length, PiiCategory.Address, AddressPlaceholder);
        foreach (Match m in _street.Matches(text))
            taken.TryAdd(m.Index, m.Length, PiiCategory.Address, AddressPlaceholder);
    }

    /// <summary>Length of the prefix of <paramref name="words"/> that spells <paramref name="place"/> (case-insensitive), 0 when none.</summary>
    private static int MatchPlace(string words, string place)
    {
        if (words.Length < place.Length) return 0;
        for (var i = 0; i < place.Length; i++)
        {
            // The register lost Æ, Ø and Å in an ANSI → UTF-8 conversion (U+FFFD): any letter matches there.
            if (place[i] == '\uFFFD' ? !char.IsLetter(words[i]) : char.ToUpperInvariant(words[i]) != place[i]) return 0;
        }
        return words.Length == place.Length || !char.IsLetter(words[place.Length]) ? place.Length : 0;
    }
}
