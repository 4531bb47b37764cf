using ChiroClick.Api.Common;
using ChiroClick.Domain.Appointments;
using ChiroClick.Domain.Patients;
using ChiroClick.Projections.Appointments;
using ChiroClick.Tests.Patients;
using ChiroClick.Tests.Infrastructure;

namespace ChiroClick.Tests.Appointments;

public sealed class AppointmentTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private DateTimeOffset Slot(double daysAhead, int hour)
    {
        var d = Fixture.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(1)).Date.AddDays(daysAhead);
        return new DateTimeOffset(d.Year, d.Month, d.Day, hour, 0, 0, TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task booking_overlap_list_reschedule_cancel_and_the_calendar_file()
    {
        var (patient, _, _) = await Host.ReachablePatient(Clinic);
        var start = Slot(5, 10);
        var a = await Host.Booked(Clinic, patient, start);
        a.Version.ShouldBe(1);

        // The same practitioner overlapping → 409 (also in another case and with other minutes); back-to-back is fine.
        await As(s =>
        {
            s.Post.Json(new { patientId = patient, practitioner = "kari kiropraktor", start = start.AddMinutes(15), end = start.AddMinutes(45) })
                .ToUrl("/api/v1/appointments");
            s.StatusCodeShouldBe(409);
        });
        var b = await Host.Booked(Clinic, patient, start.AddMinutes(30));
        var other = await Host.Booked(Clinic, patient, start, practitioner: "Per Behandler");
        await As(s => { s.Post.Json(new { practitioner = "X", start, end = start.AddMinutes(5) }).ToUrl("/api/v1/appointments"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Json(new { patientId = patient, practitioner = "X", start, end = start }).ToUrl("/api/v1/appointments"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Json(new { patientId = Guid.NewGuid(), practitioner = "X", start, end = start.AddMinutes(5) }).ToUrl("/api/v1/appointments"); s.StatusCodeShouldBe(404); });

        var kari = await Host.GetJson<Paged<AppointmentSummary>>(Clinic, "/api/v1/appointments?practitioner=Kari%20Kiropraktor");
        kari.Items.Select(x => x.Id).ShouldBe([a.Id, b.Id]);
        var all = await Host.GetJson<Paged<AppointmentSummary>>(Clinic, $"/api/v1/appointments?patientId={patient}&pageSize=2");
        all.TotalCount.ShouldBe(3);
        all.Items.Count.ShouldBe(2);
        all.Items[0].Start.ShouldBe(start);
        await As(s => { s.Get.Url("/api/v1/appointments?status=maybe"); s.StatusCodeShouldBe(400); });

        // Reschedule: stale version → 409; onto b's slot → 409; to a free time → SEQUENCE 1.
        await As(s => { s.Put.Json(new { expectedVersion = 7, start = start.AddHours(2), end = start.AddHours(2.5) }).ToUrl($"/api/v1/appointments/{a.Id}"); s.StatusCodeShouldBe(409); });
        await As(s => { s.Put.Json(new { expectedVersion = 1, start = start.AddMinutes(30), end = start.AddMinutes(60) }).ToUrl($"/api/v1/appointments/{a.Id}"); s.StatusCodeShouldBe(409); });
        await As(s => { s.Put.Json(new { expectedVersion = 1, start = start.AddHours(2), end = start.AddHours(2.5) }).ToUrl($"/api/v1/appointments/{a.Id}"); s.StatusCodeShouldBe(200); });
        var moved = await Host.Appointment(Clinic, a.Id);
        moved.Start.ShouldBe(start.AddHours(2));
        moved.Sequence.ShouldBe(1);
        var ics = await (await As(s => s.Get.Url($"/api/v1/appointments/{a.Id}/ics"))).ReadAsTextAsync();
        ics.ShouldContain($"UID:{a.Id}");
        ics.ShouldContain("SEQUENCE:1");
        ics.ShouldContain("METHOD:REQUEST");
        ics.ShouldContain($"DTSTART:{start.AddHours(2).UtcDateTime:yyyyMMdd'T'HHmmss}Z");

        await As(s => { s.Post.Json(new { reason = "Syk behandler" }).ToUrl($"/api/v1/appointments/{a.Id}/cancel"); s.StatusCodeShouldBe(200); });
        var cancelled = await Host.Appointment(Clinic, a.Id);
        cancelled.Status.ShouldBe(AppointmentStatus.Cancelled);
        cancelled.CancelledBy.ShouldBe(CancelledBy.Clinic);
        cancelled.CancelReason.ShouldBe("Syk behandler");
        var cancelIcs = await (await As(s => s.Get.Url($"/api/v1/appointments/{a.Id}/ics"))).ReadAsTextAsync();
        cancelIcs.ShouldContain("METHOD:CANCEL");
        cancelIcs.ShouldContain("SEQUENCE:2");
        cancelIcs.ShouldContain("STATUS:CANCELLED");
        await As(s => { s.Post.Json(new { reason = "igjen" }).ToUrl($"/api/v1/appointments/{a.Id}/cancel"); s.StatusCodeShouldBe(422); });
        await As(s => { s.Put.Json(new { expectedVersion = 3, start, end = start.AddMinutes(30) }).ToUrl($"/api/v1/appointments/{a.Id}"); s.StatusCodeShouldBe(422); });
        // The cancelled slot is free again.
        await Host.Booked(Clinic, patient, start.AddHours(2));
        (await Host.GetJson<Paged<AppointmentSummary>>(Clinic, "/api/v1/appointments?status=cancelled")).Items.Single().Id.ShouldBe(a.Id);
        other.Id.ShouldNotBe(a.Id);
    }

    [Fact]
    public async Task check_in_and_complete_record_the_visit_on_the_patient_and_no_show_waits_for_the_start()
    {
        var (patient, _, _) = await Host.ReachablePatient(Clinic);
        var start = Fixture.Clock.GetUtcNow().AddHours(1);
        var a = await Host.Booked(Clinic, patient, start);
        var b = await Host.Booked(Clinic, patient, start.AddHours(1));

        await As(s => { s.Post.Url($"/api/v1/appointments/{b.Id}/no-show"); s.StatusCodeShouldBe(422); });
        await As(s => { s.Post.Url($"/api/v1/appointments/{a.Id}/confirm"); s.StatusCodeShouldBe(200); });
        await As(s => { s.Post.Url($"/api/v1/appointments/{a.Id}/check-in"); s.StatusCodeShouldBe(200); });
        await As(s => { s.Post.Json(new { icpc2Codes = new[] { "X99X" } }).ToUrl($"/api/v1/appointments/{a.Id}/complete"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Json(new { icpc2Codes = new[] { "l03" }, treatment = "Manipulasjon" }).ToUrl($"/api/v1/appointments/{a.Id}/complete"); s.StatusCodeShouldBe(200); });
        await As(s => { s.Post.Json(new { }).ToUrl($"/api/v1/appointments/{a.Id}/complete"); s.StatusCodeShouldBe(422); });

        var done = await Host.Appointment(Clinic, a.Id);
        done.Status.ShouldBe(AppointmentStatus.Completed);
        done.ConfirmedBy.ShouldBe(AppointmentChannel.FrontDesk);
        var summary = await Host.Patient(Clinic, patient);
        summary.VisitCount.ShouldBe(1);
        summary.Stage.ShouldBe(LifecycleStage.Active);
        await using (var session = Store.QuerySession(Clinic.Id.ToString()))
        {
            var visit = (await session.Events.FetchStreamAsync(patient)).Select(e => e.Data).OfType<VisitCompleted>().Single();
            visit.VisitId.ShouldBe(done.VisitId!.Value);
            visit.Icpc2Codes.ShouldBe(["L03"]);
            visit.Practitioner.ShouldBe("Kari Kiropraktor");
        }

        Fixture.Clock.Advance(TimeSpan.FromHours(2.5));
        await As(s => { s.Post.Url($"/api/v1/appointments/{b.Id}/no-show"); s.StatusCodeShouldBe(200); });
        (await Host.Appointment(Clinic, b.Id)).Status.ShouldBe(AppointmentStatus.NoShow);
        await As(s => { s.Post.Url($"/api/v1/appointments/{b.Id}/check-in"); s.StatusCodeShouldBe(422); });
        await As(s => { s.Post.Url($"/api/v1/appointments/{Guid.NewGuid()}/confirm"); s.StatusCodeShouldBe(404); });
    }
}

public sealed class AppointmentWorkflowTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task a_no_show_starts_the_default_follow_up_and_appointment_triggers_start_runs()
    {
        var (patient, phone, _) = await Host.ReachablePatient(Clinic);
        var created = await As(s =>
        {
            s.Post.Json(new { name = "Ved avbestilling", trigger = new { type = "appointment_cancelled" },
                steps = new[] { new { type = "create_task", title = "Ring {fullName} om ny time" } } }).ToUrl("/api/v1/crm/workflows");
            s.StatusCodeShouldBe(201);
        });
        var onCancel = (await created.ReadAsJsonAsync<ChiroClick.Api.Workflows.WorkflowCreatedResponse>())!.Id;
        var a = await Host.Booked(Clinic, patient, Fixture.Clock.GetUtcNow().AddMinutes(30));
        var b = await Host.Booked(Clinic, patient, Fixture.Clock.GetUtcNow().AddDays(4));
        await As(s => { s.Post.Json(new { reason = "syk" }).ToUrl($"/api/v1/appointments/{b.Id}/cancel"); s.StatusCodeShouldBe(200); });
        Fixture.Clock.Advance(TimeSpan.FromHours(1));
        await As(s => { s.Post.Url($"/api/v1/appointments/{a.Id}/no-show"); s.StatusCodeShouldBe(200); });

        await AppointmentScenarios.Eventually(async () =>
            (await Store.Outbox(Clinic, phone)).Any(m => m.Body.Contains("Vi savnet deg på timen din i dag")), "the no-show follow-up SMS");
        var noShow = ChiroClick.Api.Workflows.DefaultWorkflows.IdOf(Clinic.Id, "no_show_follow_up");
        (await Host.GetJson<ChiroClick.Api.Common.Paged<ChiroClick.Domain.Workflows.WorkflowRun>>(Clinic, $"/api/v1/crm/workflows/{noShow}/runs")).Items.Single().PatientId.ShouldBe(patient);
        await AppointmentScenarios.Eventually(async () =>
            (await Host.GetJson<ChiroClick.Api.Common.Paged<ChiroClick.Domain.Workflows.WorkflowRun>>(Clinic, $"/api/v1/crm/workflows/{onCancel}/runs")).Items.Count == 1, "the cancel run");
    }
}
