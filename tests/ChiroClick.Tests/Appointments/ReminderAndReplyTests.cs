using ChiroClick.Api.Appointments;
using ChiroClick.Api.Messaging;
using ChiroClick.Domain.Appointments;
using ChiroClick.Domain.Clinics;
using ChiroClick.Domain.Waitlist;
using ChiroClick.Domain.Workflows;
using ChiroClick.Projections.Waitlist;
using ChiroClick.Tests.Patients;
using ChiroClick.Tests.Infrastructure;
using Wolverine;

namespace ChiroClick.Tests.Appointments;

public sealed class ReminderAndReplyTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private Task Sweep() => Host.MessageBus().InvokeForTenantAsync(Clinic.Id.ToString(), new SweepAppointmentReminders());

    private async Task<int> RemindersOf(Guid id) => (await Host.Appointment(Clinic, id)).Reminders.Count;

    private DateTimeOffset Minute(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, t.Offset);

    [Fact]
    public async Task a_reminder_goes_out_at_each_configured_hour_once_and_none_after_a_cancel()
    {
        (await Host.GetJson<ClinicSettings>(Clinic, "/api/v1/crm/settings")).ReminderHoursBefore.ShouldBe([48, 2]);
        var (patient, phone, _) = await Host.ReachablePatient(Clinic);
        var start = Minute(Fixture.Clock.GetUtcNow().AddDays(3).ToOffset(TimeSpan.FromHours(1)));
        var a = await Host.Booked(Clinic, patient, start);
        var cancelled = await Host.Booked(Clinic, patient, start.AddHours(3));
        await As(s => { s.Post.Json(new { reason = "flytter" }).ToUrl($"/api/v1/appointments/{cancelled.Id}/cancel"); s.StatusCodeShouldBe(200); });
        // Another patient's appointment is cancelled after its 48 h reminder: its 2 h reminder never comes.
        var (other, otherPhone, _) = await Host.ReachablePatient(Clinic, "Ola Avbestiller");
        var cancelledLater = await Host.Booked(Clinic, other, start.AddMinutes(-10), practitioner: "Per");

        await Sweep();
        await Task.Delay(500);
        (await RemindersOf(a.Id)).ShouldBe(0);

        Fixture.Clock.SetUtcNow(start.AddHours(-48).AddMinutes(1));
        await Sweep();
        await AppointmentScenarios.Eventually(async () => await RemindersOf(a.Id) == 1, "the 48 h reminder");
        await Sweep(); // a second sweep (or a redelivered message) sends nothing more
        await Host.MessageBus().InvokeForTenantAsync(Clinic.Id.ToString(), new SendAppointmentReminders(a.Id, start));
        await Task.Delay(500);
        var sms = await Store.Outbox(Clinic, phone);
        sms.Count.ShouldBe(1);
        sms[0].Body.ShouldStartWith("Påminnelse: time hos Test clinic ");
        sms[0].Body.ShouldContain($"kl. {start:HH:mm}. Svar JA for å bekrefte eller NEI for å avbestille.");
        await AppointmentScenarios.Eventually(async () => await RemindersOf(cancelledLater.Id) == 1, "the other 48 h reminder");
        await As(s => { s.Post.Json(new { reason = "syk" }).ToUrl($"/api/v1/appointments/{cancelledLater.Id}/cancel"); s.StatusCodeShouldBe(200); });

        Fixture.Clock.SetUtcNow(start.AddHours(-2).AddMinutes(2));
        await Sweep();
        await AppointmentScenarios.Eventually(async () => await RemindersOf(a.Id) == 2, "the 2 h reminder");
        var reminders = (await Host.Appointment(Clinic, a.Id)).Reminders;
        reminders.Select(r => r.HoursBefore).ShouldBe([48, 2]);
        (await Store.Outbox(Clinic, phone)).Count.ShouldBe(2); // nothing for the cancelled appointment
        (await RemindersOf(cancelled.Id)).ShouldBe(0);
        await Host.MessageBus().InvokeForTenantAsync(Clinic.Id.ToString(), new SendAppointmentReminders(cancelledLater.Id, start.AddMinutes(-10)));
        (await Host.Appointment(Clinic, cancelledLater.Id)).Reminders.Select(r => r.HoursBefore).ShouldBe([48]);
        (await Store.Outbox(Clinic, otherPhone)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_reminder_already_due_at_booking_goes_at_once_and_email_reminders_carry_the_calendar_file()
    {
        await As(s => s.Put.Json(new { reminderChannel = "both", reminderHoursBefore = new[] { 24 } }).ToUrl("/api/v1/crm/settings"));
        var (patient, phone, email) = await Host.ReachablePatient(Clinic);
        var start = Minute(Fixture.Clock.GetUtcNow().AddHours(10));
        var a = await Host.Booked(Clinic, patient, start);
        await AppointmentScenarios.Eventually(async () => await RemindersOf(a.Id) == 2, "sms and e-mail reminders at once");
        (await Store.Outbox(Clinic, phone)).Count.ShouldBe(1);
        await AppointmentScenarios.Eventually(() => Task.FromResult(Fixture.Smtp.Received.Any(m => m.To.ToString() == email)), "the e-mail");
        var mail = Fixture.Smtp.Received.Single(m => m.To.ToString() == email);
        var ics = mail.Attachments.OfType<MimeKit.MimePart>().Single();
        ics.ContentType.MimeType.ShouldBe("text/calendar");
        using var text = new StreamReader(ics.Content!.Open());
        (await text.ReadToEndAsync()).ShouldContain($"UID:{a.Id}");

        // Booked less than an hour ahead: the reminder that was due is no longer worth sending.
        var soon = await Host.Booked(Clinic, patient, Fixture.Clock.GetUtcNow().AddMinutes(50), practitioner: "Per");
        await Task.Delay(1000);
        (await RemindersOf(soon.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task JA_confirms_NEI_cancels_and_the_freed_slot_goes_to_the_waitlist_whose_first_JA_gets_it()
    {
        var (patient, phone, _) = await Host.ReachablePatient(Clinic);
        var start = Minute(Fixture.Clock.GetUtcNow().AddHours(30).ToOffset(TimeSpan.FromHours(1)));
        var confirmMe = await Host.Booked(Clinic, patient, start.AddDays(1).AddHours(-10), practitioner: "Per");
        var cancelMe = await Host.Booked(Clinic, patient, start);
        var waiting = new List<(Guid Patient, string Phone, Guid Entry)>();
        for (var i = 0; i < 4; i++)
        {
            var p = await Host.ReachablePatient(Clinic, $"Venter {i}");
            var r = await As(s => { s.Post.Json(new { patientId = p.Id, priority = 5 - i }).ToUrl("/api/v1/crm/waitlist"); s.StatusCodeShouldBe(201); });
            waiting.Add((p.Id, p.Phone, (await r.ReadAsJsonAsync<Api.Waitlist.WaitlistEntryCreated>())!.Id));
        }

        // 48 h reminders were due at booking: both go out at once. The latest question is cancelMe's.
        await AppointmentScenarios.Eventually(async () => await RemindersOf(cancelMe.Id) == 1 && await RemindersOf(confirmMe.Id) == 1, "reminders");
        var questions = await Store.Outbox(Clinic, phone);
        questions.Count.ShouldBe(2);

        var cancel = await Host.Texted(Clinic, phone, "Nei");
        cancel.Outcome.ShouldBe(InboundSmsOutcome.Cancelled);
        var gone = await Host.Appointment(Clinic, cancelMe.Id);
        gone.Status.ShouldBe(AppointmentStatus.Cancelled);
        gone.CancelledBy.ShouldBe(CancelledBy.Patient);

        var confirm = await Host.Texted(Clinic, phone, "ja");
        confirm.Outcome.ShouldBe(InboundSmsOutcome.Confirmed);
        var ok = await Host.Appointment(Clinic, confirmMe.Id);
        ok.Status.ShouldBe(AppointmentStatus.Confirmed);
        ok.ConfirmedBy.ShouldBe(AppointmentChannel.Sms);

        // The freed slot is offered to waitlistOffersAtOnce (3) entries, best priority first.
        foreach (var w in waiting.Take(3))
            await AppointmentScenarios.Eventually(async () => (await Store.Outbox(Clinic, w.Phone)).Count == 1, "the offer to " + w.Phone);
        (await Store.Outbox(Clinic, waiting[3].Phone)).ShouldBeEmpty();
        (await Store.Outbox(Clinic, waiting[0].Phone))[0].Body.ShouldEndWith("Svar JA for å ta den.");

        var second = await Host.Texted(Clinic, waiting[1].Phone, "JA");
        second.Outcome.ShouldBe(InboundSmsOutcome.Booked);
        // The others were told at once and their offers closed: a late JA is no longer an answer, staff get it as a task.
        var late = await Host.Texted(Clinic, waiting[0].Phone, "JA");
        late.Outcome.ShouldBe(InboundSmsOutcome.Unknown);

        var booked = await Host.GetJson<Api.Common.Paged<Projections.Appointments.AppointmentSummary>>(Clinic, $"/api/v1/appointments?patientId={waiting[1].Patient}");
        booked.Items.Single().Start.ShouldBe(start);
        booked.Items.Single().WaitlistEntryId.ShouldBe(waiting[1].Entry);
        (await Host.GetJson<WaitlistEntrySummary>(Clinic, $"/api/v1/crm/waitlist/{waiting[1].Entry}")).ClosedAs.ShouldBe(WaitlistCloseReason.Booked);
        foreach (var loser in new[] { waiting[0], waiting[2] })
        {
            (await Store.Outbox(Clinic, loser.Phone)).Last().Body.ShouldStartWith("Timen er dessverre tatt");
            var entry = await Host.GetJson<WaitlistEntrySummary>(Clinic, $"/api/v1/crm/waitlist/{loser.Entry}");
            entry.Open.ShouldBeTrue();
            entry.Offers.Single().Status.ShouldBe(WaitlistOfferStatus.Expired);
        }
    }

    [Fact]
    public async Task a_reply_that_fits_nothing_becomes_a_task_and_STOPP_still_wins()
    {
        var (patient, phone, _) = await Host.ReachablePatient(Clinic);
        var unknown = await Host.Texted(Clinic, phone, "Hva er åpningstidene?");
        unknown.Outcome.ShouldBe(InboundSmsOutcome.Unknown);
        var task = await Host.GetJson<StaffTask>(Clinic, $"/api/v1/crm/tasks/{unknown.TaskId}");
        task.Title.ShouldBe("Ukjent SMS-svar: Hva er åpningstidene?");
        task.PatientId.ShouldBe(patient);

        await Host.Booked(Clinic, patient, Fixture.Clock.GetUtcNow().AddHours(5));
        await AppointmentScenarios.Eventually(async () => (await Store.Outbox(Clinic, phone)).Count == 1, "the reminder");
        (await Host.Texted(Clinic, phone, "STOPP")).Outcome.ShouldBe(InboundSmsOutcome.OptOut);
        (await Host.Texted(Clinic, phone, "kanskje")).Outcome.ShouldBe(InboundSmsOutcome.Unknown);
    }
}
