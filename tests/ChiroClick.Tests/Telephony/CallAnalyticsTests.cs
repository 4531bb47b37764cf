using System.Text.Json.Nodes;
using ChiroClick.Domain.Appointments;
using ChiroClick.Domain.Telephony;
using ChiroClick.Tests.Appointments;
using ChiroClick.Tests.Infrastructure;
using JasperFx.Events;
using Marten;

namespace ChiroClick.Tests.Telephony;

/// <summary><c>GET /api/v1/crm/analytics/calls</c> (async projection) equals a count over the raw events, and hand-checked figures.</summary>
public sealed class CallAnalyticsTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private sealed record Figures(int Inbound, int Answered, int Missed, int Voicemail, int Outbound, int CalledBack, double? Median, int Booked);

    [Fact]
    public async Task The_figures_per_day_equal_a_count_over_the_raw_events()
    {
        var now = DateTimeOffset.UtcNow;
        var (p, l, u) = (TelephonyScenarios.NewNumber(), TelephonyScenarios.NewNumber(), TelephonyScenarios.NewNumber());
        var patient = await Host.Patient(Clinic, "Pia Pasient", p.E164);
        await Host.Lead(Clinic, "Leif Lead", l.E164);
        async Task Call(string id, string @event, string number, DateTimeOffset at, string direction = "inbound") =>
            await Host.CallEvent(Clinic.Key, direction == "inbound"
                ? TelephonyScenarios.Body(id, @event, number, at: at)
                : TelephonyScenarios.Body(id, @event, "+4722000000", number, "outbound", at));

        var t1 = now.AddHours(-26);                        // answered, too long before the booking to count
        await Call("c1", "ringing", p.Spaced, t1);
        await Call("c1", "answered", p.Spaced, t1.AddSeconds(10));
        await Call("c1", "ended", p.Spaced, t1.AddMinutes(4));
        var t2 = now.AddHours(-5);                         // missed, called back 30 minutes later
        await Call("c2", "ringing", l.Zeros, t2);
        await Call("c2", "missed", l.Zeros, t2.AddSeconds(20));
        await Call("c5", "ringing", l.E164, t2.AddMinutes(30), "outbound");
        await Call("c5", "answered", l.E164, t2.AddMinutes(30).AddSeconds(20), "outbound");
        await Call("c3", "voicemail", u.Spaced, now.AddHours(-3)); // missed with a voicemail, never called back
        var t4 = now.AddHours(-1);                         // missed, then answered after all: answered; followed by a booking
        await Call("c4", "ringing", p.E164, t4);
        await Call("c4", "missed", p.E164, t4.AddSeconds(30));
        await Call("c4", "answered", p.E164, t4.AddSeconds(40));
        await As(s => { s.Post.Json(new { to = u.E164 }).ToUrl("/api/v1/telephony/calls"); s.StatusCodeShouldBe(201); });
        await Host.Booked(Clinic, patient, now.AddDays(3));

        await WaitForProjections();
        var from = now.AddDays(-3).ToString("yyyy-MM-dd");
        var answer = await Host.GetJson(Clinic, $"/api/v1/crm/analytics/calls?from={from}");
        var days = answer["days"]!.AsArray().Select(d => d!).ToList();
        days.Count.ShouldBe(4, "three days back up to and with today");

        var expected = await RawCountAsync();
        foreach (var day in days)
        {
            var id = day["day"]!.GetValue<string>();
            var raw = expected.GetValueOrDefault(id, new Figures(0, 0, 0, 0, 0, 0, null, 0));
            Read(day).ShouldBe(raw, $"day {id}");
        }
        var totals = Read(answer["totals"]!);
        totals.ShouldBe(new Figures(4, 2, 2, 1, 2, 1, 30.0, 1));
        answer["totals"]!["answerRate"]!.GetValue<double>().ShouldBe(0.5);

        await Host.GetJson(Clinic, "/api/v1/crm/analytics/calls?from=2025-02-01&to=2025-01-01", 400);
        await Host.GetJson(Clinic, "/api/v1/crm/analytics/calls?from=2020-01-01&to=2025-01-01", 400);
    }

    private static Figures Read(JsonNode d) => new(d["inbound"]!.GetValue<int>(), d["answered"]!.GetValue<int>(), d["missed"]!.GetValue<int>(),
        d["voicemail"]!.GetValue<int>(), d["outbound"]!.GetValue<int>(), d["calledBack"]!.GetValue<int>(),
        d["medianMinutesToCallback"]?.GetValue<double>(), d["followedByBooking"]!.GetValue<int>());

    /// <summary>The same figures counted directly over the clinic's raw events, independently of the projection's code.</summary>
    private async Task<Dictionary<string, Figures>> RawCountAsync()
    {
        await using var session = Store.QuerySession(Clinic.Id.ToString());
        var events = (await session.Events.QueryAllRawEvents().ToListAsync()).OrderBy(e => e.Sequence).ToList();
        var calls = events.Where(e => e.Data is CallLogged).Select(e => (CallLogged)e.Data).ToDictionary(c => c.CallId);
        IEnumerable<IEvent> Of(Guid call) => events.Where(e => e.StreamId == call);
        string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd");
        var bookings = events.Where(e => e.Data is AppointmentBooked).Select(e => (Booking: (AppointmentBooked)e.Data, e.Timestamp)).ToList();

        var result = new Dictionary<string, Figures>();
        foreach (var group in calls.Values.GroupBy(c => Day(c.At)))
        {
            var inbound = group.Where(c => c.Direction == CallDirection.Inbound).ToList();
            bool Answered(CallLogged c) => Of(c.CallId).Any(e => e.Data is CallAnswered);
            var missed = inbound.Where(c => !Answered(c) && Of(c.CallId).Any(e => e.Data is CallMissed or CallVoicemailLeft)).ToList();
            var minutes = new List<double>();
            foreach (var c in missed)
            {
                var back = Of(c.CallId).Select(e => e.Data).OfType<CallCalledBack>().FirstOrDefault();
                var missedAt = Of(c.CallId).Select(e => e.Data switch { CallMissed m => m.At, CallVoicemailLeft v => v.At, _ => (DateTimeOffset?)null })
                    .First(x => x is not null)!.Value;
                if (back is not null) minutes.Add(Math.Round((back.At - missedAt).TotalMinutes, 2));
            }
            minutes.Sort();
            var booked = inbound.Count(c =>
            {
                var subjects = c.PatientIds.Concat(c.LeadIds).Concat(Of(c.CallId).Select(e => e.Data).OfType<CallerMatched>()
                    .SelectMany(m => m.PatientIds.Concat(m.LeadIds))).ToHashSet();
                return bookings.Any(b => (b.Booking.PatientId is { } pid && subjects.Contains(pid) || b.Booking.LeadId is { } lid && subjects.Contains(lid))
                                         && b.Timestamp >= c.At && b.Timestamp - c.At <= TimeSpan.FromHours(24));
            });
            double? median = minutes.Count == 0 ? null : Math.Round(minutes.Count % 2 == 1 ? minutes[minutes.Count / 2]
                : (minutes[minutes.Count / 2 - 1] + minutes[minutes.Count / 2]) / 2, 2);
            result[group.Key] = new Figures(inbound.Count, inbound.Count(Answered), missed.Count,
                missed.Count(c => Of(c.CallId).Any(e => e.Data is CallVoicemailLeft)), group.Count(c => c.Direction == CallDirection.Outbound),
                minutes.Count, median, booked);
        }
        return result;
    }
}
