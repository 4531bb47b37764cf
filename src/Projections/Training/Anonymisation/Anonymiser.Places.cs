using System.Text.RegularExpressions;

namespace ChiroClick.Projections.Training.Anonymisation;

// Towns, municipalities and other places → [STED]. A town plus an age range plus a rare diagnosis
// identifies a person in a small municipality, so places go even when nothing else in the sentence does.
public sealed partial class Anonymiser
{
    /// <summary>Placeholder for towns, municipalities and other place names.</summary>
    public const string PlacePlaceholder = "[STED]";

    private static readonly Regex PlaceWord = new(@"(?<![\p{L}\d])\p{L}+(?:[-'’]\p{L}+)*(?![\p{L}\d])", Opts);

    // Place names of the register that are also ordinary words (or clinical words such as "Holter"): they
    // count as places only after a place preposition ("bor på Strand", "in Time").
    private static readonly HashSet<string> PlaceStopwords = new(StringComparer.OrdinalIgnoreCase)
    {
        "ask", "bru", "bud", "dal", "drag", "fall", "fjell", "fjord", "haus", "heim", "hell", "helle", "his", "hof", "hol", "hole",
        "hov", "jar", "kapp", "ler", "lund", "malm", "napp", "nes", "os", "rud", "sand", "sem", "sel", "ski", "son", "stad",
        "stol", "strand", "time", "tro", "tau", "torp", "vang", "voll", "vik", "mo", "ås", "bø", "gran", "lier", "moss",
        "sola", "skare", "herre", "paradis", "plassen", "straumen", "hopen", "marker", "luster", "tiller", "sander", "holter",
        "fister", "enger", "garten", "orre", "sula", "seter", "duken", "hennes", "hovet", "jordet", "sletta", "tangen", "valle",
        "vollen", "grua", "kana", "lye", "maze", "feda", "eide", "moen", "berger", "borgen", "lena", "reine", "selje",
        "kjeller", "time", "hus", "gol", "lom", "frei", "rana", "vega", "bryne", "tana", "hemne", "elverum", "lunde", "brekke",
        "nome", "odda", "sira", "leka", "trones", "roa", "rong", "myre", "utne", "stange", "vinje", "aure", "ise", "sande",
        "hjelset", "kinn", "spydeberg", "dale", "haga", "lia", "gata", "torget", "hasle", "holm", "rød", "hauge", "tomb",
        "nydal", "hen", "sandnes", "dokka", "spiss", "fosser", "hundorp", "leira", "bjerka",
    };

    // Capitalised words that are never places, whatever the register says (months, week days, sentence words).
    private static readonly HashSet<string> NotPlaces = new(StringComparer.OrdinalIgnoreCase)
    {
        "januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember",
        "january", "february", "march", "may", "june", "july", "october", "december",
        "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "norge", "norway", "sverige", "sweden", "danmark", "denmark", "finland", "europa", "europe",
        "pasient", "pasienten", "pasientens", "behandler", "behandlerens", "patient", "sted", "institusjon",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "oct", "nov", "des", "dec",
        // Clinical eponyms and tests.
        "holter", "baker", "achilles", "schober", "spurling", "lasègue", "phalen", "tinel", "hawkins", "neer", "patrick", "faber",
        "trendelenburg", "babinski", "romberg", "thomas", "adson", "kemp", "slump", "jendrassik", "hoffmann", "valsalva",
    };

    // "i/på/fra/til/ved Strand", "in Time": a place preposition right before the word.
    private static readonly Regex PlacePreposition = new(
        @"(?<![\p{L}])(?:i|I|på|På|fra|Fra|til|Til|ved|Ved|nær|utenfor|rundt|mot|in|In|from|From|near|Near|at|around|outside)\s+$", Opts);
    // Verbs of dwelling and moving: after them any capitalised word is a place ("bor på Isebakke").
    private static readonly Regex StrongPlaceCue = new(
        @"(?:\b(?:[Bb]or|[Bb]odde|[Bb]odd|[Bb]ott|[Bb]osatt|[Bb]ygd|[Oo]ppvokst|[Vv]okste\s+opp|[Ff]lyttet|[Ff]lytta|[Ff]lytter|[Kk]ommer|[Hh]jemmehørende|[Hh]ytte|[Hh]ytta|" +
        @"[Jj]obber|[Aa]rbeider|[Pp]endler|[Ff]ødt|[Ss]kole|[Hh]jemme|[Hh]yttetur|[Tt]ur|[Ff]erie|[Rr]eise|[Rr]eiste|[Kk]jørte|[Ss]ykler|[Ss]kiløping)\s+(?:\p{Ll}+\s+){0,2}(?:i|på|fra|til|ved|mellom)" +
        @"|\b(?:[Ll]ives|[Ll]iving|[Ll]ived|[Rr]esides|[Gg]rew\s+up|[Bb]orn|[Ww]orks|[Mm]oved|[Rr]elocated|[Cc]omes|[Ii]s\s+from|[Hh]ome|[Tt]ravel(?:l)?ed|[Tt]rip|[Ss]kiing|[Hh]iking|[Cc]ommutes|[Nn]urse|[Tt]eacher)\s+" +
        @"(?:\p{Ll}+\s+){0,2}(?:in|to|from|at|near|between)" +
        @")\s+$", Opts);
    // After a place or an institution: "fra Hamar til Gjøvik", "mellom Hamar og Gjøvik", "Haukeland i Bergen", "Kleppe/Verdalen".
    private static readonly Regex AfterPlaceCue = new(@"^(?:\s+(?:og|and|eller|or|til|to|i|in|at|near)\s+|\s*,\s*|/)$", Opts);
    // Endings of Norwegian place names: after a place preposition a capitalised word with one of these is a place.
    private static readonly Regex ToponymEnding = new(
        @"(?:vik|vika|viken|vikan|dal|dalen|stad|heim|fjord|fjorden|øy|øya|øyene|sund|sundet|nes|neset|rud|by|byen|bygd|bygda|bygden|berg|berget|" +
        @"strand|stranda|holm|holmen|land|landet|moen|mo|haug|haugen|åsen|ås|bakken|bakke|lia|lien|li|seter|setra|myr|myra|myren|grenda|skog|skogen|" +
        @"foss|fossen|vann|vannet|vatn|kollen|hagen|feltet|gård|gården|garden|tun|tunet|vollen|voll|torget|våg|vågen|rød|set|sjø|sjøen|ø|enga|engen|" +
        @"kleiv|kleiva|hamn|havn|hus|sand|sanden|elv|elva|bru|brua|flaten|sletta|mark|marka|toppen|stua|ness)$", Opts);
    private static readonly Regex PlaceTail = new(@"^\s(?:kommune|kommun|fylke|sentrum|stasjon|skog|bru|verk|havn|kirke|sokn|prestegjeld|området)(?![\p{L}\d])", Opts);

    private void DetectPlaces(string text, SpanSet taken)
    {
        var words = PlaceWord.Matches(text);
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            if (!char.IsUpper(w.Value[0]) || NotPlaces.Contains(w.Value) || NotNames.Contains(w.Value)) continue;
            if (w.Value.Length > 1 && w.Value.All(c => !char.IsLetter(c) || char.IsUpper(c))) continue; // acronyms: MR, CT, NSAID
            var before = Before(text, w.Index);
            var previous = taken.EndOfDetectionBefore(w.Index, PiiCategory.Place, PiiCategory.Institution);
            var strong = StrongPlaceCue.IsMatch(before) || previous >= 0 && AfterPlaceCue.IsMatch(text[previous..w.Index]);
            var last = RegisterPlace(text, words, i);
            var end = 0;
            if (last >= 0)
            {
                var single = last == i;
                var stop = single && (PlaceStopwords.Contains(w.Value) || PlaceStopwords.Contains(StripGenitive(w.Value)));
                if (!stop || PlacePreposition.IsMatch(before) || strong) end = words[last].Index + words[last].Length;
            }
            else if (strong ||
                     PlacePreposition.IsMatch(before) && ToponymEnding.IsMatch(w.Value.ToLowerInvariant()) && !_lexicon.GivenNames.Contains(w.Value))
            {
                // An unknown place after a cue: the capitalised run ("Solbakken-Sofienberg", "Nedre Eggedal").
                last = i;
                while (last + 1 < words.Count && last - i < 2 && char.IsUpper(words[last + 1].Value[0]) &&
                       text[(words[last].Index + words[last].Length)..words[last + 1].Index] is " " or "/" or "-")
                    last++;
                end = words[last].Index + words[last].Length;
            }
            if (end == 0) continue;
            var tail = PlaceTail.Match(text[end..]);
            if (tail.Success) end += tail.Length;
            taken.TryAddClipped(text, w.Index, end, PiiCategory.Place, PlacePlaceholder);
            while (i + 1 < words.Count && words[i + 1].Index < end) i++;
        }
    }

    /// <summary>Index of the last word of the longest register place starting at word <paramref name="i"/>, or -1.</summary>
    private int RegisterPlace(string text, MatchCollection words, int i)
    {
        for (var n = Math.Min(4, words.Count - i); n >= 1; n--)
        {
            var last = i + n - 1;
            if (!char.IsUpper(words[last].Value[0])) continue;
            var ok = true;
            for (var k = i; k < last && ok; k++)
                ok = text[(words[k].Index + words[k].Length)..words[k + 1].Index] == " ";
            if (!ok) continue;
            var phrase = text[words[i].Index..(words[last].Index + words[last].Length)];
            if (_lexicon.Places.Contains(NorwegianLexicon.PlaceKey(phrase))) return last;
            // Genitive: "Bergens", "Tromsøs".
            if (phrase.Length > 4 && phrase.EndsWith('s') && _lexicon.Places.Contains(NorwegianLexicon.PlaceKey(phrase[..^1]))) return last;
        }
        return -1;
    }

    private static string Before(string text, int index) => text[Math.Max(0, index - 40)..index];
}
