using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace ChiroClick.Domain.Consultations;

/// <summary>The turns of a transcript, or why it could not be read (<see cref="Error"/>, with a line number).</summary>
/// <param name="Turns">Speaker turns in order; consecutive cues of one speaker are joined.</param>
/// <param name="Error">Null when the transcript was read.</param>
public sealed record TranscriptParse(IReadOnlyList<SpeakerTurn> Turns, string? Error);

/// <summary>
/// Reads transcripts into speaker turns. No subtitle library is served to this project, so this is a small parser of the
/// parts of WebVTT (W3C) and SubRip that transcription tools write: WebVTT needs the <c>WEBVTT</c> signature, skips
/// <c>NOTE</c>, <c>STYLE</c> and <c>REGION</c> blocks, reads optional cue identifiers, timings with or without hours and
/// cue settings, takes the speaker from a voice span (<c>&lt;v Dr. Berg&gt;</c>) or a "Name:" prefix, and drops the other
/// tags (<c>&lt;b&gt;</c>, <c>&lt;c.x&gt;</c>, inline timestamps) and decodes entities. SubRip blocks are an index line,
/// a timing line with commas (dots are accepted) and text; <c>&lt;i&gt;</c>/<c>&lt;font&gt;</c> tags and <c>{\an8}</c>
/// overrides are dropped. Plain text: a line "Name: words" starts a turn, any other line continues the previous one.
/// Pure: no I/O, no clock.
/// </summary>
public static partial class TranscriptParser
{
    /// <summary>Parses <paramref name="transcript"/> written in <paramref name="format"/>.</summary>
    public static TranscriptParse Parse(string transcript, TranscriptFormat format)
    {
        var lines = transcript.TrimStart('\uFEFF').Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        var cues = new List<SpeakerTurn>();
        var error = format switch
        {
            TranscriptFormat.Webvtt => ReadWebVtt(lines, cues),
            TranscriptFormat.Srt => ReadSrt(lines, cues),
            _ => ReadText(lines, cues),
        };
        if (error is not null) return new TranscriptParse([], error);
        var turns = Join(cues);
        return turns.Count == 0 ? new TranscriptParse([], "The transcript holds no spoken text.") : new TranscriptParse(turns, null);
    }

    private static string? ReadWebVtt(string[] lines, List<SpeakerTurn> cues)
    {
        if (lines.Length == 0 || !WebVttSignature().IsMatch(lines[0]))
            return "A WebVTT transcript starts with the line WEBVTT (line 1).";
        var header = 1;
        while (header < lines.Length && lines[header].Trim().Length > 0) header++;
        foreach (var (start, block) in Blocks(lines, header))
        {
            if (Regex.IsMatch(block[0], @"^(NOTE|STYLE|REGION)(\s|$)")) continue;
            var timingAt = block[0].Contains("-->") ? 0 : 1;
            if (timingAt >= block.Count || !block[timingAt].Contains("-->"))
                return $"WebVTT cue without a timing line 'start --> end' (line {start + 1}).";
            var cueError = AddCue(block, timingAt, start + timingAt + 1, cues, webVtt: true);
            if (cueError is not null) return cueError;
        }
        return null;
    }

    private static string? ReadSrt(string[] lines, List<SpeakerTurn> cues)
    {
        foreach (var (start, block) in Blocks(lines, 0))
        {
            var timingAt = block[0].Contains("-->") ? 0 : 1;
            if (timingAt == 1 && !int.TryParse(block[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _))
                return $"SRT block without a cue number or timing (line {start + 1}).";
            if (timingAt >= block.Count || !block[timingAt].Contains("-->"))
                return $"SRT cue without a timing line 'start --> end' (line {start + timingAt + 1}).";
            var cueError = AddCue(block, timingAt, start + timingAt + 1, cues, webVtt: false);
            if (cueError is not null) return cueError;
        }
        return cues.Count == 0 ? "The SRT transcript holds no cues." : null;
    }

    // Cue blocks are runs of non-blank lines (WebVTT and SRT alike); start is the block's 0-based line index.
    private static IEnumerable<(int Start, List<string> Block)> Blocks(string[] lines, int from)
    {
        var i = from;
        while (i < lines.Length)
        {
            while (i < lines.Length && lines[i].Trim().Length == 0) i++;
            if (i >= lines.Length) yield break;
            var start = i;
            var block = new List<string>();
            while (i < lines.Length && lines[i].Trim().Length > 0) block.Add(lines[i++]);
            yield return (start, block);
        }
    }

    private static string? ReadText(string[] lines, List<SpeakerTurn> cues)
    {
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            var (speaker, text) = SplitSpeaker(line);
            cues.Add(new SpeakerTurn(speaker, text, null, null));
        }
        return null;
    }

    private static string? AddCue(List<string> block, int timingAt, int lineNumber, List<SpeakerTurn> cues, bool webVtt)
    {
        var timing = Timing().Match(block[timingAt]);
        if (!timing.Success) return $"Malformed cue timing '{Shorten(block[timingAt])}' (line {lineNumber}); expected hh:mm:ss.mmm --> hh:mm:ss.mmm.";
        var from = Seconds(timing.Groups["from"].Value);
        var to = Seconds(timing.Groups["to"].Value);
        if (from is null || to is null) return $"Cue timing out of range (line {lineNumber}).";
        if (to < from) return $"Cue ends before it starts (line {lineNumber}).";
        var payload = string.Join("\n", block.Skip(timingAt + 1));
        string? speaker = null;
        if (webVtt && VoiceSpan().Match(payload) is { Success: true } voice) speaker = Clean(voice.Groups["name"].Value);
        var text = Clean(payload);
        if (speaker is null) (speaker, text) = SplitSpeaker(text);
        else if (SplitSpeaker(text) is { Speaker: { } prefixed } split && string.Equals(prefixed, speaker, StringComparison.OrdinalIgnoreCase)) text = split.Text;
        if (text.Length > 0) cues.Add(new SpeakerTurn(speaker, text, from, to));
        return null;
    }

    private static List<SpeakerTurn> Join(List<SpeakerTurn> cues)
    {
        var turns = new List<SpeakerTurn>();
        foreach (var cue in cues)
        {
            if (turns.Count > 0 && (cue.Speaker is null || string.Equals(turns[^1].Speaker, cue.Speaker, StringComparison.OrdinalIgnoreCase)))
            {
                var last = turns[^1];
                turns[^1] = last with { Text = last.Text + " " + cue.Text, EndSeconds = cue.EndSeconds ?? last.EndSeconds };
            }
            else turns.Add(cue);
        }
        return turns;
    }

    /// <summary>"Lege: Hvor vondt?" → ("Lege", "Hvor vondt?"); a line without such a prefix has no speaker.</summary>
    public static (string? Speaker, string Text) SplitSpeaker(string line)
    {
        var m = SpeakerPrefix().Match(line);
        return m.Success ? (m.Groups["name"].Value.Trim(), m.Groups["text"].Value.Trim()) : (null, line.Trim());
    }

    private static string Clean(string payload)
    {
        var noTags = Tags().Replace(SrtOverride().Replace(payload, ""), "");
        var decoded = WebUtility.HtmlDecode(noTags).Replace('\u00A0', ' ').Replace("\u200E", "").Replace("\u200F", "");
        var sb = new StringBuilder();
        foreach (var part in decoded.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            sb.Append(sb.Length > 0 ? " " : "").Append(part);
        return Regex.Replace(sb.ToString(), @"\s{2,}", " ").Trim();
    }

    private static double? Seconds(string time)
    {
        var parts = time.Replace(',', '.').Split(':');
        var h = parts.Length == 3 ? int.Parse(parts[0], CultureInfo.InvariantCulture) : 0;
        var m = int.Parse(parts[^2], CultureInfo.InvariantCulture);
        var s = double.Parse(parts[^1], CultureInfo.InvariantCulture);
        return m > 59 || s >= 60 ? null : h * 3600 + m * 60 + s;
    }

    private static string Shorten(string s) => s.Length > 60 ? s[..60] + "…" : s;

    [GeneratedRegex(@"^WEBVTT([ \t].*)?$")] private static partial Regex WebVttSignature();

    [GeneratedRegex(@"^\s*(?<from>(\d+:)?\d{2}:\d{2}[.,]\d{3})\s+-->\s+(?<to>(\d+:)?\d{2}:\d{2}[.,]\d{3})(\s.*)?$")]
    private static partial Regex Timing();

    [GeneratedRegex(@"<v(\.[^\s>]+)*\s+(?<name>[^>]+)>")] private static partial Regex VoiceSpan();

    [GeneratedRegex(@"<[^>]*>")] private static partial Regex Tags();

    [GeneratedRegex(@"\{\\[^}]*\}")] private static partial Regex SrtOverride();

    // A name of at most four words of letters, followed by a colon and a blank: "kl. 10:30" or a URL is not a speaker.
    [GeneratedRegex(@"^\s*[-–]?\s*\[?(?<name>\p{L}[\p{L}.'\-]*(?: [\p{L}.'\-]+){0,3})\]?\s*:\s+(?<text>.+)$")]
    private static partial Regex SpeakerPrefix();
}
