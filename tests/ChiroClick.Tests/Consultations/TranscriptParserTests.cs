using ChiroClick.Domain.Consultations;

namespace ChiroClick.Tests.Consultations;

public sealed class TranscriptParserTests
{
    [Fact]
    public void webvtt_voice_spans_become_turns_and_consecutive_cues_of_one_speaker_join()
    {
        const string vtt = """
            WEBVTT - konsultasjon 12

            NOTE opptak fra behandlingsrom 2

            STYLE
            ::cue { color: white }

            1
            00:00:01.000 --> 00:00:04.500 align:start
            <v Lege>Hva bringer deg hit i dag?</v>

            00:00:05.000 --> 00:00:09.250
            <v.pasient Pasient>Jeg har hatt <i>vondt</i> i korsryggen &amp; setet</v>
            siden mandag.

            01:02:03.000 --> 01:02:05.000
            <v Pasient>Det stråler ned i venstre bein.
            """;
        var parsed = TranscriptParser.Parse(vtt, TranscriptFormat.Webvtt);
        parsed.Error.ShouldBeNull();
        parsed.Turns.Count.ShouldBe(2);
        parsed.Turns[0].ShouldBe(new SpeakerTurn("Lege", "Hva bringer deg hit i dag?", 1.0, 4.5));
        parsed.Turns[1].Speaker.ShouldBe("Pasient");
        parsed.Turns[1].Text.ShouldBe("Jeg har hatt vondt i korsryggen & setet siden mandag. Det stråler ned i venstre bein.");
        parsed.Turns[1].StartSeconds.ShouldBe(5.0);
        parsed.Turns[1].EndSeconds.ShouldBe(3725.0);
    }

    [Fact]
    public void webvtt_speaker_prefixes_are_read_when_there_are_no_voice_spans()
    {
        var parsed = TranscriptParser.Parse("WEBVTT\n\n00:01.000 --> 00:02.000\nDoctor: Any pain?\n\n00:02.500 --> 00:03.000\nPatient: No.\n",
            TranscriptFormat.Webvtt);
        parsed.Turns.Select(t => (t.Speaker, t.Text)).ShouldBe([("Doctor", "Any pain?"), ("Patient", "No.")]);
    }

    [Theory]
    [InlineData("1\n00:00:01,000 --> 00:00:02,000\nhei", "WEBVTT")]
    [InlineData("WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nhei", "line 3")]
    [InlineData("WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nhei", "ends before it starts")]
    [InlineData("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<b></b>", "no spoken text")]
    [InlineData("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhei\n\n00:00:61.000 --> 00:00:62.000\nhei", "out of range")]
    public void malformed_webvtt_is_refused_with_the_reason(string vtt, string expected)
    {
        var parsed = TranscriptParser.Parse(vtt, TranscriptFormat.Webvtt);
        parsed.Turns.ShouldBeEmpty();
        parsed.Error!.ShouldContain(expected);
    }

    [Fact]
    public void srt_cues_with_tags_and_overrides_become_turns()
    {
        const string srt = "\uFEFF1\r\n00:00:01,000 --> 00:00:03,000\r\n{\\an8}<i>Kiropraktor:</i> Løft armen.\r\n\r\n2\r\n00:00:03,500 --> 00:00:05,000\r\n" +
                           "<font color=\"#fff\">Pasient: Det gjør vondt</font>\r\nher.\r\n\r\n3\r\n00:00:05,000 --> 00:00:06,000\r\nOg nå?\r\n";
        var parsed = TranscriptParser.Parse(srt, TranscriptFormat.Srt);
        parsed.Error.ShouldBeNull();
        parsed.Turns.Select(t => (t.Speaker, t.Text)).ShouldBe([("Kiropraktor", "Løft armen."), ("Pasient", "Det gjør vondt her. Og nå?")]);
        parsed.Turns[1].EndSeconds.ShouldBe(6.0);
    }

    [Theory]
    [InlineData("x\n00:00:01,000 --> 00:00:02,000\nhei", "cue number")]
    [InlineData("1\n00:00:01 --> 00:00:02\nhei", "Malformed cue timing")]
    [InlineData("1\nhei\n", "timing line")]
    [InlineData("\n\n", "no cues")]
    public void malformed_srt_is_refused(string srt, string expected) =>
        TranscriptParser.Parse(srt, TranscriptFormat.Srt).Error!.ShouldContain(expected);

    [Fact]
    public void plain_text_lines_with_a_name_start_turns_and_other_lines_continue_them()
    {
        var parsed = TranscriptParser.Parse("Doctor: Good afternoon.\nHow are you?\n\nPatient: Fine, kl. 10:30 i går var verre.\n- Lege: Ok.",
            TranscriptFormat.Text);
        parsed.Turns.Select(t => (t.Speaker, t.Text)).ShouldBe(
            [("Doctor", "Good afternoon. How are you?"), ("Patient", "Fine, kl. 10:30 i går var verre."), ("Lege", "Ok.")]);
        TranscriptParser.SplitSpeaker("kl. 10:30 kom hun").Speaker.ShouldBeNull();
        TranscriptParser.SplitSpeaker("https://example.no: lenke").Speaker.ShouldBeNull();
    }

    [Fact]
    public void recording_refuses_an_unreadable_or_too_long_transcript()
    {
        ConsultationDecisions.Record(Guid.NewGuid(), Guid.NewGuid(), null, "WEBVTT\n\nbad", TranscriptFormat.Webvtt, ConsultationLanguage.Nb,
            DateTimeOffset.UtcNow).Error!.Status.ShouldBe(400);
        ConsultationDecisions.Record(Guid.NewGuid(), Guid.NewGuid(), null, new string('a', 200_001), TranscriptFormat.Text, ConsultationLanguage.Nb,
            DateTimeOffset.UtcNow).Error!.Detail.ShouldContain("200000");
    }
}
