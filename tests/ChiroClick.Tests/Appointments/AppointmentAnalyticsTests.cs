using System.Text.Json;
using ChiroClick.Api.Access;
using ChiroClick.Api.Tools;
using ChiroClick.Api.Appointments;
using ChiroClick.Domain.Appointments;
using ChiroClick.Projections.Appointments;
using ChiroClick.Tests.Patients;
using ChiroClick.Tests.Infrastructure;
using Marten;

namespace ChiroClick.Tests.Appointments;

/// <summary>
/// <c>GET /api/v1/crm/analytics/appointments</c> answers from the async <see cref="AppointmentAnalyticsProjection"/>; the test
/// compares its rows with a count over the clinic's raw appointment events, checks hand-counted figures, and has
/// <c>projections verify</c> rebuild the projection and find the stored documents identical.
/// </summary>
public sealed class AppointmentAnalyticsTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private static readonly TimeSpan Oslo = TimeSpan.FromHours(1);

    private async Task<Guid> Book(Guid patient, DateTimeOffset start, string practitioner) => (await Host.Booked(Clinic, patient, start, practitioner: practitioner)).Id;

    private Task Post(Guid id, string action, object? body = null) =>
        As(s =>
        {
            if (body is null) s.Post.Url($"/api/v1/appointments/{id}/{action}");
            else s.Post.Json(body).ToUrl($"/api/v1/appointments/{id}/{action}");
            s.StatusCodeShouldBe(200);
        });

    [Fact]
    public async Task the_weekly_figures_per_practitioner_equal_a_count_over_the_raw_events()
    {
        var today = Fixture.Clock.GetUtcNow().ToOffset(Oslo);
        var monday = new DateTimeOffset(today.Date, Oslo).AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var weekA = monday.AddDays(-21).AddDays(1).AddHours(10); // a Tuesday three weeks ago, 10:00 (+01:00)
        var weekB = monday.AddDays(-14).AddDays(2).AddHours(10);
        var (patient, _, _) = await Host.ReachablePatient(Clinic);

        // Kari, week A: confirmed and completed; unconfirmed no-show; confirmed no-show; cancelled by the patient; completed.
        var a1 = await Book(patient, weekA, "Kari Kiropraktor");
        await Post(a1, "confirm");
        await Post(a1, "check-in");
        await Post(a1, "complete", new { });
        var a2 = await Book(patient, weekA.AddHours(1), "Kari Kiropraktor");
        await Post(a2, "no-show");
        var a3 = await Book(patient, weekA.AddHours(2), "Kari Kiropraktor");
        await Post(a3, "confirm");
        await Post(a3, "no-show");
        var a4 = await Book(patient, weekA.AddHours(3), "kari kiropraktor");
        await Post(a4, "cancel", new { reason = "syk", cancelledBy = "patient" });
        var a5 = await Book(patient, weekA.AddHours(4), "Kari Kiropraktor");
        await Post(a5, "complete", new { });
        // Per, week A: cancelled by the clinic; confirmed (two spellings).
        await Post(await Book(patient, weekA.AddDays(1), "Per Behandler"), "cancel", new { reason = "kurs" });
        await Post(await Book(patient, weekA.AddDays(1).AddHours(1), "per behandler"), "confirm");
        // Booked with Kari in week A, moved to Per in week B and completed there: it counts only there.
        var moved = await Book(patient, weekA.AddDays(2), "Kari Kiropraktor");
        await As(s => { s.Put.Json(new { expectedVersion = 1, start = weekB, end = weekB.AddMinutes(30), practitioner = "Per Behandler" }).ToUrl($"/api/v1/appointments/{moved}"); s.StatusCodeShouldBe(200); });
        await Post(moved, "complete", new { });

        // Next week: Kari's slot freed by the clinic goes to the waitlist and a JA refills it.
        var freed = monday.AddDays(9).AddHours(10);
        var slot = await Book(patient, freed, "Kari Kiropraktor");
        var waiting = await Host.ReachablePatient(Clinic, "Venter Venter");
        await As(s => { s.Post.Json(new { patientId = waiting.Id, priority = 5 }).ToUrl("/api/v1/crm/waitlist"); s.StatusCodeShouldBe(201); });
        await Post(slot, "cancel", new { reason = "behandler syk" });
        await AppointmentScenarios.Eventually(async () => (await Store.Outbox(Clinic, waiting.Phone)).Count == 1, "the waitlist offer");
        (await Host.Texted(Clinic, waiting.Phone, "JA")).Outcome.ShouldBe(Api.Messaging.InboundSmsOutcome.Booked);

        await WaitForProjections();
        var from = DateOnly.FromDateTime(weekA.Date);
        var to = DateOnly.FromDateTime(freed.Date);
        var view = await Host.GetJson<AppointmentAnalyticsView>(Clinic, $"/api/v1/crm/analytics/appointments?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");

        Json(view.Rows).ShouldBe(Json(await ReferenceAsync()));
        var kariA = view.Rows.Single(r => r.Week == AppointmentWeeks.IdOf(weekA) && r.Practitioner == "Kari Kiropraktor");
        (kariA.Booked, kariA.Completed, kariA.CancelledByPatient, kariA.CancelledByClinic, kariA.NoShows, kariA.Confirmed).ShouldBe((5, 2, 1, 0, 2, 2));
        (kariA.ConfirmationRate, kariA.NoShowRateConfirmed, kariA.NoShowRateUnconfirmed).ShouldBe((0.4, 0.5, 0.5));
        var perA = view.Rows.Single(r => r.Week == AppointmentWeeks.IdOf(weekA) && r.Practitioner == "Per Behandler");
        (perA.Booked, perA.CancelledByClinic, perA.Confirmed, perA.NoShowRateConfirmed).ShouldBe((2, 1, 1, null));
        var weekBRows = view.Rows.Where(r => r.Week == AppointmentWeeks.IdOf(weekB)).ToList();
        weekBRows.Select(r => (r.Practitioner, r.Booked, r.Completed)).ShouldBe([("Per Behandler", 1, 1)]);
        var next = view.Rows.Single(r => r.Week == AppointmentWeeks.IdOf(freed));
        (next.Practitioner, next.Booked, next.CancelledByClinic, next.RefilledFromWaitlist).ShouldBe(("Kari Kiropraktor", 2, 1, 1));
        view.Rows.Count.ShouldBe(4);

        // A range before any appointment reads no documents' rows; a reversed or too long range is refused.
        (await Host.GetJson<AppointmentAnalyticsView>(Clinic, "/api/v1/crm/analytics/appointments?from=2001-01-01&to=2001-03-01")).Rows.ShouldBeEmpty();
        await As(s => { s.Get.Url($"/api/v1/crm/analytics/appointments?from={to:yyyy-MM-dd}&to={from:yyyy-MM-dd}"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Get.Url("/api/v1/crm/analytics/appointments?from=2020-01-01&to=2024-01-01"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Get.Url("/api/v1/crm/analytics/appointments?from=yesterday"); s.StatusCodeShouldBe(400); });

        // A rebuild of the projection from the events gives the stored documents exactly.
        var verified = await new ProjectionVerifier(Environment.GetEnvironmentVariable("ConnectionStrings__Marten")!)
            .VerifyAsync([AppointmentAnalyticsProjection.Name], clinics: [Clinic.Id.ToString()]);
        verified.Single().DocumentsCompared.ShouldBeGreaterThan(0);
        verified.Single().Differences.ShouldBeEmpty();
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);

    // The definitions of the endpoint, counted directly over the clinic's raw events (each appointment's final state).
    private async Task<List<AppointmentWeekFigures>> ReferenceAsync()
    {
        await using var session = Store.QuerySession(ApiKeys.TenantOf(Clinic.Id));
        var events = (await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync())
            .Where(e => e.Data is IAppointmentEvent).ToList();
        var finals = events.GroupBy(e => e.StreamId).Select(g =>
        {
            var list = g.Select(e => e.Data).ToList();
            var booked = list.OfType<AppointmentBooked>().Single();
            var lastMove = list.OfType<AppointmentRescheduled>().LastOrDefault();
            var status = list.Select(StatusAfter).LastOrDefault(s => s is not null) ?? AppointmentStatus.Booked;
            return (Week: AppointmentWeeks.IdOf(lastMove?.Start ?? booked.Start), Practitioner: lastMove?.Practitioner ?? booked.Practitioner,
                Status: status, By: list.OfType<AppointmentCancelled>().LastOrDefault()?.CancelledBy,
                Confirmed: list.OfType<AppointmentConfirmed>().Any(), Waitlist: booked.WaitlistEntryId is not null);
        }).ToList();
        return finals.GroupBy(f => (f.Week, Key: f.Practitioner.ToLowerInvariant())).OrderBy(g => g.Key.Week, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Key, StringComparer.Ordinal).Select(g =>
            {
                var x = g.ToList();
                var name = x.GroupBy(f => f.Practitioner).OrderByDescending(n => n.Count()).ThenBy(n => n.Key, StringComparer.Ordinal).First().Key;
                bool Came(AppointmentStatus s) => s is AppointmentStatus.CheckedIn or AppointmentStatus.Completed;
                int confirmedNoShows = x.Count(f => f.Confirmed && f.Status == AppointmentStatus.NoShow), confirmedCame = x.Count(f => f.Confirmed && Came(f.Status));
                int otherNoShows = x.Count(f => !f.Confirmed && f.Status == AppointmentStatus.NoShow), otherCame = x.Count(f => !f.Confirmed && Came(f.Status));
                double? Rate(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);
                return new AppointmentWeekFigures(g.Key.Week, AppointmentWeeks.StartOf(g.Key.Week), name, x.Count,
                    x.Count(f => f.Status == AppointmentStatus.Completed),
                    x.Count(f => f.Status == AppointmentStatus.Cancelled && f.By == CancelledBy.Patient),
                    x.Count(f => f.Status == AppointmentStatus.Cancelled && f.By != CancelledBy.Patient),
                    x.Count(f => f.Status == AppointmentStatus.NoShow), x.Count(f => f.Confirmed), Rate(x.Count(f => f.Confirmed), x.Count),
                    confirmedNoShows, Rate(confirmedNoShows, confirmedNoShows + confirmedCame), otherNoShows, Rate(otherNoShows, otherNoShows + otherCame),
                    x.Count(f => f.Waitlist));
            }).ToList();
    }

    private static AppointmentStatus? StatusAfter(object e) => e switch
    {
        AppointmentCancelled => AppointmentStatus.Cancelled,
        AppointmentConfirmed => AppointmentStatus.Confirmed,
        AppointmentCheckedIn => AppointmentStatus.CheckedIn,
        AppointmentNoShow => AppointmentStatus.NoShow,
        AppointmentCompleted => AppointmentStatus.Completed,
        _ => null,
    };
}
