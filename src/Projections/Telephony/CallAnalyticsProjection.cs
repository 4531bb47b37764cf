using ChiroClick.Domain.Appointments;
using ChiroClick.Domain.Telephony;

namespace ChiroClick.Projections.Telephony;

/// <summary>Call figures of one clinic and UTC day (id <c>yyyy-MM-dd</c>), by the day the call started.</summary>
public sealed class CallDay
{
    /// <summary><c>yyyy-MM-dd</c>.</summary>
    public string Id { get; set; } = "";
    /// <summary>Midnight UTC of the day.</summary>
    public DateTimeOffset Date { get; set; }
    /// <summary>Inbound calls that started that day.</summary>
    public int Inbound { get; set; }
    /// <summary>Of those, answered.</summary>
    public int Answered { get; set; }
    /// <summary>Of those, missed or gone to voicemail and never answered (voicemails included).</summary>
    public int Missed { get; set; }
    /// <summary>Of the missed, those with a voicemail.</summary>
    public int Voicemail { get; set; }
    /// <summary>Outbound calls that started that day (staff attempts included).</summary>
    public int Outbound { get; set; }
    /// <summary>Minutes from each missed call of the day to its call-back, ascending.</summary>
    public List<double> CallbackMinutes { get; set; } = new();
    /// <summary>Inbound calls of the day whose caller (a matched patient or lead) had an appointment booked within 24 hours after the call started.</summary>
    public int FollowedByBooking { get; set; }
}

/// <summary>State of the call analytics per call (id = call stream id); not a read model for the API.</summary>
public sealed class CallAnalyticsCall
{
    /// <summary>Call id.</summary>
    public Guid Id { get; set; }
    /// <summary>Day document of the call.</summary>
    public string Day { get; set; } = "";
    /// <summary>inbound or outbound.</summary>
    public CallDirection Direction { get; set; }
    /// <summary>Start (phone system's clock).</summary>
    public DateTimeOffset StartedAt { get; set; }
    /// <summary>When missed, or null.</summary>
    public DateTimeOffset? MissedAt { get; set; }
    /// <summary>Answered.</summary>
    public bool Answered { get; set; }
    /// <summary>Voicemail left.</summary>
    public bool Voicemail { get; set; }
    /// <summary>Counted as followed by a booking.</summary>
    public bool Booked { get; set; }
    /// <summary>Counted as called back.</summary>
    public bool CalledBack { get; set; }
}

/// <summary>State per patient or lead (id = subject id): their recent inbound calls, to match bookings within 24 hours.</summary>
public sealed class CallAnalyticsSubject
{
    /// <summary>Patient or lead id.</summary>
    public Guid Id { get; set; }
    /// <summary>Inbound calls of the last 24 hours (by the latest time this state saw), oldest first.</summary>
    public List<RecentCall> Calls { get; set; } = new();
}

/// <summary>An inbound call remembered for booking attribution.</summary>
/// <param name="CallId">Call.</param>
/// <param name="At">Start.</param>
public sealed record RecentCall(Guid CallId, DateTimeOffset At);

/// <summary>
/// Async projection of the call analytics (<c>GET /api/v1/crm/analytics/calls</c>): one <see cref="CallDay"/> per clinic and UTC
/// day of the call's start, with per-call (<see cref="CallAnalyticsCall"/>) and per-subject (<see cref="CallAnalyticsSubject"/>)
/// state. Only event data and event timestamps are used, never the clock, so a rebuild reproduces the same documents. Numbers
/// never reach it: call-backs arrive as <see cref="CallCalledBack"/> on the missed call (decided when the call-back is recorded),
/// bookings are matched by patient or lead id (the call's caller match) against <see cref="AppointmentBooked"/>'s timestamp.
/// </summary>
public sealed class CallAnalyticsProjection : IProjection
{
    /// <summary>Projection name (progress row; <c>projections rebuild -p CallAnalytics</c>).</summary>
    public const string Name = "CallAnalytics";

    /// <summary>How long after a call a booking still counts.</summary>
    public static readonly TimeSpan BookingWindow = TimeSpan.FromHours(24);

    /// <summary>The documents this projection writes (deleted on rebuild, compared by <c>projections verify</c>).</summary>
    public static readonly IReadOnlyList<Type> PublishedDocumentTypes = [typeof(CallDay), typeof(CallAnalyticsCall), typeof(CallAnalyticsSubject)];

    /// <summary>Day id of a time: its UTC date.</summary>
    public static string DayOf(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd");

    /// <summary>Applies one page of events (all tenants).</summary>
    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        foreach (var tenant in events.Where(Relevant).GroupBy(e => e.TenantId))
        {
            var ops = string.IsNullOrEmpty(tenant.Key) || tenant.Key == operations.TenantId ? operations : operations.ForTenant(tenant.Key);
            await new Page(ops).ApplyAsync(tenant.OrderBy(e => e.Sequence).ToList(), cancellation);
        }
    }

    private static bool Relevant(IEvent e) => e.Data is CallLogged or CallAnswered or CallMissed or CallVoicemailLeft or CallerMatched
        or CallCalledBack or AppointmentBooked;

    /// <summary>One tenant's page: loads the state it touches in batches, applies, stores what changed.</summary>
    private sealed class Page(IDocumentOperations ops)
    {
        private readonly Dictionary<string, CallDay> days = new();
        private readonly Dictionary<Guid, CallAnalyticsCall> calls = new();
        private readonly Dictionary<Guid, CallAnalyticsSubject> subjects = new();
        private readonly HashSet<Guid> dirtyCalls = new();
        private readonly HashSet<Guid> dirtySubjects = new();

        public async Task ApplyAsync(List<IEvent> events, CancellationToken ct)
        {
            var callIds = events.Where(e => e.Data is not AppointmentBooked).Select(e => e.StreamId).Distinct().ToArray();
            foreach (var c in callIds.Length == 0 ? [] : await ops.LoadManyAsync<CallAnalyticsCall>(ct, callIds)) calls[c.Id] = c;
            var subjectIds = events.SelectMany(e => e.Data switch
            {
                CallLogged l => [.. l.PatientIds, .. l.LeadIds],
                CallerMatched m => [.. m.PatientIds, .. m.LeadIds],
                AppointmentBooked b => new[] { b.PatientId, b.LeadId }.OfType<Guid>(),
                _ => [],
            }).Distinct().ToArray();
            foreach (var s in subjectIds.Length == 0 ? [] : await ops.LoadManyAsync<CallAnalyticsSubject>(ct, subjectIds)) subjects[s.Id] = s;
            var dayIds = calls.Values.Select(c => c.Day).Concat(events.Select(e => e.Data).OfType<CallLogged>().Select(l => DayOf(l.At)))
                .Concat(subjects.Values.SelectMany(s => s.Calls).Select(c => DayOf(c.At))).Distinct().ToArray();
            foreach (var d in dayIds.Length == 0 ? [] : await ops.LoadManyAsync<CallDay>(ct, dayIds)) days[d.Id] = d;

            foreach (var e in events) await ApplyAsync(e, ct);

            foreach (var d in days.Values) ops.Store(d);
            foreach (var id in dirtyCalls) ops.Store(calls[id]);
            foreach (var id in dirtySubjects) ops.Store(subjects[id]);
        }

        private async Task ApplyAsync(IEvent e, CancellationToken ct)
        {
            switch (e.Data)
            {
                case CallLogged l when !calls.ContainsKey(l.CallId):
                {
                    var call = Touch(new CallAnalyticsCall { Id = l.CallId, Day = DayOf(l.At), Direction = l.Direction, StartedAt = l.At });
                    if (l.Direction == CallDirection.Outbound) { Day(call.Day).Outbound++; break; }
                    Day(call.Day).Inbound++;
                    foreach (var subject in l.PatientIds.Concat(l.LeadIds)) Remember(subject, call);
                    break;
                }
                case CallAnswered a when Call(a.CallId) is { Direction: CallDirection.Inbound, Answered: false } call:
                    call.Answered = true;
                    Day(call.Day).Answered++;
                    if (call.MissedAt is not null) Unmiss(call);
                    Touch(call);
                    break;
                case CallMissed m when Call(m.CallId) is { Direction: CallDirection.Inbound, Answered: false, MissedAt: null } call:
                    call.MissedAt = m.At;
                    Day(call.Day).Missed++;
                    Touch(call);
                    break;
                case CallVoicemailLeft v when Call(v.CallId) is { Direction: CallDirection.Inbound, Answered: false, Voicemail: false } call:
                    if (call.MissedAt is null) Day(call.Day).Missed++;
                    call.MissedAt ??= v.At;
                    call.Voicemail = true;
                    Day(call.Day).Voicemail++;
                    Touch(call);
                    break;
                case CallCalledBack b when Call(b.CallId) is { MissedAt: { } missedAt, Answered: false, CalledBack: false } call:
                    call.CalledBack = true;
                    Insert(Day(call.Day).CallbackMinutes, Math.Round((b.At - missedAt).TotalMinutes, 2));
                    Touch(call);
                    break;
                case CallerMatched m when Call(m.CallId) is { Direction: CallDirection.Inbound } call:
                    foreach (var subject in m.PatientIds.Concat(m.LeadIds)) Remember(subject, call);
                    break;
                case AppointmentBooked b:
                    await BookedAsync(new[] { b.PatientId, b.LeadId }.OfType<Guid>(), e.Timestamp, ct);
                    break;
            }
        }

        // The calls in the 24 hours before a booking of one of their subjects count once each.
        private async Task BookedAsync(IEnumerable<Guid> subjectIds, DateTimeOffset bookedAt, CancellationToken ct)
        {
            foreach (var id in subjectIds)
            {
                if (!subjects.TryGetValue(id, out var subject)) continue;
                foreach (var recent in subject.Calls.Where(c => c.At <= bookedAt && bookedAt - c.At <= BookingWindow))
                {
                    var call = Call(recent.CallId) ?? await LoadCallAsync(recent.CallId, ct);
                    if (call is null || call.Booked) continue;
                    call.Booked = true;
                    (await DayAsync(call.Day, ct)).FollowedByBooking++;
                    Touch(call);
                }
            }
        }

        private void Remember(Guid subjectId, CallAnalyticsCall call)
        {
            if (!subjects.TryGetValue(subjectId, out var subject)) subjects[subjectId] = subject = new CallAnalyticsSubject { Id = subjectId };
            if (subject.Calls.Any(c => c.CallId == call.Id)) return;
            subject.Calls.Add(new RecentCall(call.Id, call.StartedAt));
            subject.Calls.Sort((a, b) => a.At.CompareTo(b.At));
            // Only calls a later booking can still count for are kept.
            var latest = subject.Calls[^1].At;
            subject.Calls.RemoveAll(c => latest - c.At > BookingWindow);
            dirtySubjects.Add(subjectId);
        }

        private void Unmiss(CallAnalyticsCall call)
        {
            Day(call.Day).Missed--;
            if (call.Voicemail) Day(call.Day).Voicemail--;
            call.MissedAt = null;
            call.Voicemail = false;
        }

        private CallAnalyticsCall? Call(Guid id) => calls.GetValueOrDefault(id);

        private async Task<CallAnalyticsCall?> LoadCallAsync(Guid id, CancellationToken ct)
        {
            var call = await ops.LoadAsync<CallAnalyticsCall>(id, ct);
            if (call is not null) calls[id] = call;
            return call;
        }

        private CallAnalyticsCall Touch(CallAnalyticsCall call)
        {
            calls[call.Id] = call;
            dirtyCalls.Add(call.Id);
            return call;
        }

        private CallDay Day(string id)
        {
            if (!days.TryGetValue(id, out var day))
                days[id] = day = new CallDay { Id = id, Date = new DateTimeOffset(DateTime.ParseExact(id, "yyyy-MM-dd", null), TimeSpan.Zero) };
            return day;
        }

        private async Task<CallDay> DayAsync(string id, CancellationToken ct)
        {
            if (!days.ContainsKey(id) && await ops.LoadAsync<CallDay>(id, ct) is { } stored) days[id] = stored;
            return Day(id);
        }

        private static void Insert(List<double> sorted, double value)
        {
            var i = sorted.BinarySearch(value);
            sorted.Insert(i < 0 ? ~i : i, value);
        }
    }
}
