using ChiroClick.Domain.Leads;
using ChiroClick.Domain.Telephony;
using ChiroClick.Projections.Telephony;

namespace ChiroClick.Api.Telephony;

/// <summary>
/// Records one phone-system event in the session's clinic (shared by the integration-key route and the signed webhook), in the
/// session's transaction: the call's own events (<see cref="CallDecisions.Record"/>), a lead from a missed unknown caller when
/// <see cref="TelephonyOptions.CaptureLeadsFromMissedCalls"/> is on, the call-back of the number's missed calls when an outbound
/// call is answered, and a NOTIFY that wakes every API process's screen-pop feed at commit.
/// </summary>
public static class CallRecorder
{
    /// <summary>PostgreSQL notification channel of the screen-pop feed (<see cref="CallFeed"/>).</summary>
    public const string NotifyChannel = "chiroclick_telephony";

    /// <summary>Missed calls older than this are not linked to a later call-back.</summary>
    public static readonly TimeSpan CallbackWindow = TimeSpan.FromDays(7);

    /// <summary>Appends what the event means (nothing for a repeat) and answers with the call's id and match.</summary>
    public static async Task<CallEventRecorded> RecordAsync(IDocumentSession session, TelephonyEvent input, TelephonyOptions options, CancellationToken ct)
    {
        var phone = input.ToPhoneEvent();
        var id = IdOf(session, phone.ExternalCallId);
        var stream = await session.Events.FetchForWriting<Call>(id, ct);
        var match = stream.Aggregate is { } known
            ? new CallerMatch(known.Number, known.PatientIds, known.LeadIds)
            : await CallerLookup.MatchAsync(session, input.Counterpart, ct);
        var events = CallDecisions.Record(stream.Aggregate, id, phone, match);
        if (events.Count == 0) return Answer(id, phone, true, match);

        stream.AppendMany(events);
        var call = Fold(stream.Aggregate, events);
        if (phone.Event is CallEventKind.Missed or CallEventKind.Voicemail && call is { Direction: CallDirection.Inbound, PatientIds.Count: 0, LeadIds.Count: 0 }
            && options.CaptureLeadsFromMissedCalls && call.Number.StartsWith('+'))
        {
            var leadId = Import.DeterministicGuid.Create(id, "lead");
            session.Events.StartStream<Lead>(leadId, [.. LeadDecisions.Capture(leadId, "Ukjent innringer", call.Number, null, LeadSource.Phone,
                $"Tapt anrop {phone.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC", false, null)]);
            stream.AppendMany(CallDecisions.AttributeLead(call, leadId));
            match = match with { LeadIds = [leadId] };
        }
        if (phone.Event == CallEventKind.Answered && call.Direction == CallDirection.Outbound)
            await CallBackAsync(session, call, phone.At, ct);
        // A NOTIFY inside the transaction is delivered at commit, to every API process listening.
        session.QueueSqlCommand($"notify {NotifyChannel}");
        return Answer(id, phone, false, match);
    }

    /// <summary>Stream id of a phone-system call: UUIDv5 of the clinic and <c>call:</c> + the phone system's id.</summary>
    public static Guid IdOf(IQuerySession session, string externalCallId) =>
        Import.DeterministicGuid.Create(Guid.Parse(session.TenantId), "call:" + externalCallId);

    // The number's missed inbound calls of the last week that nobody answered are called back by this answered outbound call.
    private static async Task CallBackAsync(IDocumentSession session, Call callback, DateTimeOffset at, CancellationToken ct)
    {
        var since = at - CallbackWindow;
        var missed = await session.Query<CallSummary>()
            .Where(c => c.Number == callback.Number && c.Direction == CallDirection.Inbound && c.MissedAt != null && c.AnsweredAt == null
                        && c.CalledBackAt == null && c.StartedAt >= since && c.StartedAt <= at && c.Id != callback.Id)
            .ToListAsync(ct);
        foreach (var summary in missed)
        {
            var stream = await session.Events.FetchForWriting<Call>(summary.Id, ct);
            if (stream.Aggregate is { } call) stream.AppendMany(CallDecisions.CalledBack(call, callback.Id, at));
        }
    }

    private static Call Fold(Call? call, IReadOnlyList<object> events)
    {
        foreach (var e in events)
        {
            call = e switch
            {
                CallLogged l => Call.Create(l),
                CallRinging r => call!.Apply(r),
                CallAnswered a => call!.Apply(a),
                CallEnded x => call!.Apply(x),
                CallMissed m => call!.Apply(m),
                CallVoicemailLeft v => call!.Apply(v),
                CallTranscriptReceived t => call!.Apply(t),
                _ => call,
            };
        }
        return call!;
    }

    private static CallEventRecorded Answer(Guid id, PhoneEvent phone, bool duplicate, CallerMatch match) =>
        new(id, phone.ExternalCallId, phone.Event, duplicate,
            match.PatientIds.Count > 0 ? CallerKind.Patient : match.LeadIds.Count > 0 ? CallerKind.Lead : CallerKind.Unknown,
            match.PatientIds.Count > 0 ? match.PatientIds[0] : match.LeadIds.Count > 0 ? match.LeadIds[0] : null);
}
