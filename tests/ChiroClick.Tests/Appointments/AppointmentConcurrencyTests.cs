using Alba;
using ChiroClick.Api.Common;
using ChiroClick.Domain.Appointments;
using ChiroClick.Projections.Appointments;
using ChiroClick.Tests.Patients;
using ChiroClick.Tests.Infrastructure;

namespace ChiroClick.Tests.Appointments;

/// <summary>
/// The practitioner overlap check is serialised (advisory lock per clinic and practitioner): requests racing for one
/// practitioner's time through the real HTTP pipeline give exactly one success, 409 for the rest, never a 500 or a double booking.
/// </summary>
public sealed class AppointmentConcurrencyTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private const int Parallel = 8;

    private DateTimeOffset Slot(int daysAhead, int hour)
    {
        var d = Fixture.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(1)).Date.AddDays(daysAhead);
        return new DateTimeOffset(d.Year, d.Month, d.Day, hour, 0, 0, TimeSpan.FromHours(1));
    }

    private async Task<int> Status(Action<Scenario> configure)
    {
        var result = await As(s => { configure(s); s.IgnoreStatusCode(); });
        return result.Context.Response.StatusCode;
    }

    private async Task<List<AppointmentSummary>> Live(string practitioner) =>
        (await Host.GetJson<Paged<AppointmentSummary>>(Clinic, $"/api/v1/appointments?practitioner={Uri.EscapeDataString(practitioner)}&pageSize=100"))
        .Items.Where(a => a.Status is AppointmentStatus.Booked or AppointmentStatus.Confirmed).ToList();

    [Fact]
    public async Task parallel_bookings_of_one_practitioners_time_give_one_201_and_409_for_the_rest()
    {
        var patients = new List<Guid>();
        for (var i = 0; i < Parallel; i++) patients.Add((await Host.ReachablePatient(Clinic, $"Pasient {i}")).Id);

        for (var round = 0; round < 3; round++)
        {
            var start = Slot(6, 9 + 2 * round);
            // Every request overlaps every other (a minute apart, 30 minutes long), in varying letter case.
            var statuses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(i => Status(s => s.Post.Json(new
            {
                patientId = patients[i], practitioner = i % 2 == 0 ? "Ola Kiropraktor" : "ola kiropraktor",
                start = start.AddMinutes(i), end = start.AddMinutes(i + 30),
            }).ToUrl("/api/v1/appointments"))));

            statuses.Count(s => s == 201).ShouldBe(1, $"round {round}: {string.Join(",", statuses)}");
            statuses.Count(s => s == 409).ShouldBe(Parallel - 1, $"round {round}: {string.Join(",", statuses)}");
            (await Live("Ola Kiropraktor")).Count(a => a.Start >= start && a.Start < start.AddHours(1)).ShouldBe(1);
        }
        // Another practitioner's booking of the same time is not held up or refused.
        (await Status(s => s.Post.Json(new { patientId = patients[0], practitioner = "Per", start = Slot(6, 9), end = Slot(6, 9).AddMinutes(30) })
            .ToUrl("/api/v1/appointments"))).ShouldBe(201);
    }

    [Fact]
    public async Task parallel_moves_onto_one_free_slot_give_one_200_and_409_for_the_rest()
    {
        var (patient, _, _) = await Host.ReachablePatient(Clinic);
        var booked = new List<Guid>();
        for (var i = 0; i < Parallel; i++) booked.Add((await Host.Booked(Clinic, patient, Slot(7, 8).AddMinutes(45 * i), practitioner: "Ola")).Id);
        var target = Slot(8, 10);

        var statuses = await Task.WhenAll(booked.Select((id, i) => Status(s => s.Put.Json(new
        {
            expectedVersion = 1, start = target.AddMinutes(i), end = target.AddMinutes(i + 30),
        }).ToUrl($"/api/v1/appointments/{id}"))));

        statuses.Count(s => s == 200).ShouldBe(1, string.Join(",", statuses));
        statuses.Count(s => s == 409).ShouldBe(Parallel - 1, string.Join(",", statuses));
        (await Live("Ola")).Count(a => a.Start >= target && a.Start < target.AddHours(1)).ShouldBe(1);
    }
}
