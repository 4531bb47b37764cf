namespace ChiroClick.Projections.Training.Anonymisation;

// Detections collected so far: overlaps resolved first come, first served; clinical ranges protected.
public sealed partial class Anonymiser
{
    /// <summary>Accepted detections plus protected (clinical) ranges; first come, first served.</summary>
    private sealed class SpanSet
    {
        private readonly List<PiiSpan> _spans = [];
        private readonly List<(int Start, int End)> _protected = [];

        public void Protect(int start, int length) => _protected.Add((start, start + length));

        // force: identity numbers and phones win over clinical look-alikes ("12 34 56 78" is no measure).
        public void TryAdd(int start, int length, PiiCategory category, string replacement, bool force = false)
        {
            if (length <= 0) return;
            var end = start + length;
            foreach (var s in _spans)
                if (start < s.End && s.Start < end) return;
            if (!force)
                foreach (var (ps, pe) in _protected)
                    if (start < pe && ps < end) return;
            _spans.Add(new PiiSpan(start, length, category, replacement));
        }

        /// <summary>
        /// Adds [start, end) cut short before the first detection or protected range inside it (trailing blanks and
        /// punctuation dropped): "Sykehuset Telemark Apr. 4, 1958" keeps "Sykehuset Telemark" when the date is taken.
        /// </summary>
        public void TryAddClipped(string text, int start, int end, PiiCategory category, string replacement)
        {
            foreach (var s in _spans)
            {
                if (s.Start <= start && start < s.End) return;
                if (start < s.Start && s.Start < end) end = s.Start;
            }
            foreach (var (ps, pe) in _protected)
            {
                if (ps <= start && start < pe) return;
                if (start < ps && ps < end) end = ps;
            }
            while (end > start && (char.IsWhiteSpace(text[end - 1]) || text[end - 1] is ',' or ';' or ':' or '(' or '-' or '–' or '/')) end--;
            // A dangling joiner ("Haukeland og") is no part of the name.
            foreach (var joiner in new[] { " og", " i", " for", " and", " of", " in", " on", " the", " på" })
                if (end - start > joiner.Length && text.AsSpan(start, end - start).EndsWith(joiner, StringComparison.Ordinal)) end -= joiner.Length;
            TryAdd(start, end - start, category, replacement);
        }

        /// <summary>End of the latest detection of one of <paramref name="categories"/> that ends at or before <paramref name="index"/>, or -1.</summary>
        public int EndOfDetectionBefore(int index, params PiiCategory[] categories)
        {
            var end = -1;
            foreach (var s in _spans)
                if (s.End <= index && s.End > end && categories.Contains(s.Category)) end = s.End;
            return end;
        }

        public IReadOnlyList<PiiSpan> Detections() => _spans.OrderBy(s => s.Start).ToList();
    }
}
