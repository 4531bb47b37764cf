using ChiroClick.Domain.Telephony;

namespace ChiroClick.Tests.Telephony;

/// <summary>The pure call decisions, without a database.</summary>
public sealed class CallDecisionTests
{
    private static readonly Guid Id = Guid.CreateVersion7();
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly CallerMatch Kari = new("+4799887766", [Guid.CreateVersion7()], []);

    private static PhoneEvent Phone(CallEventKind kind, int seconds = 0, string? transcript = null, CallDirection direction = CallDirection.Inbound) =>
        new("pbx-1", kind, "+4799887766", "+4722000000", direction, At.AddSeconds(seconds), null, transcript);

    private static Call Replay(IEnumerable<object> events)
    {
        Call? call = null;
        foreach (var e in events)
            call = e switch
            {
                CallLogged l => Call.Create(l),
                CallRinging r => call!.Apply(r),
                CallAnswered a => call!.Apply(a),
                CallEnded x => call!.Apply(x),
                CallMissed m => call!.Apply(m),
                CallVoicemailLeft v => call!.Apply(v),
                CallTranscriptReceived t => call!.Apply(t),
                CallerMatched m => call!.Apply(m),
                CallCalledBack b => call!.Apply(b),
                _ => call,
            };
        return call!;
    }

    [Fact]
    public void The_first_event_logs_the_call_with_its_match_and_a_repeat_appends_nothing()
    {
        var first = CallDecisions.Record(null, Id, Phone(CallEventKind.Ringing), Kari);
        first.Select(e => e.GetType()).ShouldBe([typeof(CallLogged), typeof(CallRinging)]);
        ((CallLogged)first[0]).PatientIds.ShouldBe(Kari.PatientIds);
        var call = Replay(first);
        CallDecisions.Record(call, Id, Phone(CallEventKind.Ringing, 5), Kari).ShouldBeEmpty();
        CallDecisions.Record(call, Id, Phone(CallEventKind.Answered, 5), Kari).Single().ShouldBeOfType<CallAnswered>();
    }

    [Fact]
    public void An_answered_call_is_never_missed_and_a_transcript_is_kept_once()
    {
        var events = CallDecisions.Record(null, Id, Phone(CallEventKind.Answered), Kari).ToList();
        CallDecisions.Record(Replay(events), Id, Phone(CallEventKind.Missed, 30), Kari).ShouldBeEmpty();
        CallDecisions.Record(Replay(events), Id, Phone(CallEventKind.Voicemail, 30), Kari).ShouldBeEmpty();
        events.AddRange(CallDecisions.Record(Replay(events), Id, Phone(CallEventKind.Ended, 60, "Hei, det gjelder timen."), Kari));
        events.OfType<CallTranscriptReceived>().Single().Transcript.ShouldBe("Hei, det gjelder timen.");
        Replay(events).HasTranscript.ShouldBeTrue();
    }

    [Fact]
    public void A_missed_inbound_call_is_called_back_once_by_a_later_call()
    {
        var missed = Replay([.. CallDecisions.Record(null, Id, Phone(CallEventKind.Missed), Kari)]);
        missed.Unanswered.ShouldBeTrue();
        var back = CallDecisions.CalledBack(missed, Guid.CreateVersion7(), At.AddMinutes(20));
        back.Single().ShouldBeOfType<CallCalledBack>().At.ShouldBe(At.AddMinutes(20));
        CallDecisions.CalledBack(Replay([.. CallDecisions.Record(null, Id, Phone(CallEventKind.Missed), Kari), .. back]), Guid.NewGuid(), At.AddHours(1))
            .ShouldBeEmpty("only once");
        CallDecisions.CalledBack(missed, Guid.NewGuid(), At.AddMinutes(-1)).ShouldBeEmpty("a call before the miss is no call-back");
        var outbound = Replay([.. CallDecisions.Record(null, Id, Phone(CallEventKind.Missed, direction: CallDirection.Outbound), Kari)]);
        CallDecisions.CalledBack(outbound, Guid.NewGuid(), At.AddMinutes(5)).ShouldBeEmpty("an unanswered outbound call is no missed call");
    }

    [Fact]
    public void Notes_need_text_and_a_lead_is_attributed_once()
    {
        var call = Replay([.. CallDecisions.Record(null, Id, Phone(CallEventKind.Missed), new CallerMatch("+4799887766", [], []))]);
        CallDecisions.AddNote(call, Guid.NewGuid(), "  ", null, At).Error!.Status.ShouldBe(400);
        CallDecisions.AddNote(call, Guid.NewGuid(), " Ringte tilbake ", CallNoteOutcome.Callback, At).Events.Single()
            .ShouldBeOfType<CallNoteAdded>().Text.ShouldBe("Ringte tilbake");
        var lead = Guid.NewGuid();
        var attributed = CallDecisions.AttributeLead(call, lead);
        attributed.Single().ShouldBeOfType<CallerMatched>().LeadIds.ShouldBe([lead]);
        CallDecisions.AttributeLead(call.Apply((CallerMatched)attributed[0]), lead).ShouldBeEmpty();
    }
}
