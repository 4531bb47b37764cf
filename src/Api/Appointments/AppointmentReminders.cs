using System.Text;
using ChiroClick.Api.Clinics;
using ChiroClick.Api.Messaging;
using ChiroClick.Domain.Appointments;
using ChiroClick.Domain.Clinics;
using ChiroClick.Domain.Communications;
using ChiroClick.Domain.Patients;
using ChiroClick.Projections.Appointments;

namespace ChiroClick.Api.Appointments;

/// <summary>
/// Command: send the reminders of an appointment that are due now, for the start it had when the message was planned.
/// <paramref name="ScheduleNext"/>: plan the following reminder afterwards (false from the sweep, so the sweep adds no chains).
/// </summary>
public sealed record SendAppointmentReminders(Guid AppointmentId, DateTimeOffset Start, bool ScheduleNext = true);

/// <summary>Command: the reminder safety net of the message's clinic (lost scheduled messages, tests that move the clock).</summary>
public sealed record SweepAppointmentReminders;

/// <summary>
/// Appointment reminders. Booking and moving plan them as Wolverine scheduled messages (durable, in PostgreSQL): one for a
/// reminder that is already due, and one at the next reminder's time; each delivery sends what is due and plans the next.
/// What is due is decided by <see cref="AppointmentDecisions.DueReminder"/> on the injected clock, so an early or duplicate
/// delivery sends nothing. A message carries the start it was planned for: after a move the old chain finds another start and
/// stops; after a cancel nothing is upcoming. Each reminder's message id is UUIDv5(appointment, hour, channel, start) and the
/// append carries the appointment's version, so a reminder is never sent twice (docs/architecture.md, "effects once").
/// </summary>
public static class AppointmentReminders
{
    /// <summary>Adds the messages that plan the reminders of <paramref name="a"/> (its state after the change being made).</summary>
    public static async Task PlanAsync(IQuerySession session, Appointment a, DateTimeOffset now, OutgoingMessages messages, CancellationToken ct)
    {
        var settings = await ClinicSettingsStore.ForSessionAsync(session, ct);
        if (Channels(settings).Any(c => AppointmentDecisions.DueReminder(a, settings.ReminderHoursBefore, c, now) is not null))
            messages.Add(new SendAppointmentReminders(a.Id, a.Start, ScheduleNext: false));
        if (AppointmentDecisions.NextDueAt(a, settings.ReminderHoursBefore, now) is { } next)
            messages.Schedule(new SendAppointmentReminders(a.Id, a.Start), next);
    }

    /// <summary>The channels of the clinic's <c>reminderChannel</c>.</summary>
    public static IReadOnlyList<AppointmentChannel> Channels(ClinicSettings s) => s.ReminderChannel switch
    {
        ReminderChannel.Email => [AppointmentChannel.Email],
        ReminderChannel.Both => [AppointmentChannel.Sms, AppointmentChannel.Email],
        _ => [AppointmentChannel.Sms],
    };

    /// <summary>"tirsdag 8. desember" and "14:30" in the start's own offset (the clinic's local time as booked).</summary>
    public static (string Day, string Time) NorwegianDayAndTime(DateTimeOffset start)
    {
        string[] days = ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"];
        string[] months = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"];
        return ($"{days[(int)start.DayOfWeek]} {start.Day}. {months[start.Month - 1]}", start.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The SMS text of the issue: "Påminnelse: time hos &lt;clinic&gt; &lt;day&gt; kl. &lt;time&gt;. Svar JA for å bekrefte eller NEI for å avbestille."</summary>
    public static string SmsText(string clinic, DateTimeOffset start)
    {
        var (day, time) = NorwegianDayAndTime(start);
        return $"Påminnelse: time hos {clinic} {day} kl. {time}. Svar JA for å bekrefte eller NEI for å avbestille.";
    }

    /// <summary>
    /// Sends what is due for the appointment and returns the events to append to its stream (AppointmentReminderSent per send).
    /// A recipient without the address or the care consent for a channel gets nothing on it.
    /// </summary>
    public static async Task<IReadOnlyList<object>> SendDueAsync(IDocumentSession session, Appointment a, ClinicSettings settings,
        DateTimeOffset now, IEmailSender email, ISmsSender sms, CancellationToken ct)
    {
        var events = new List<object>();
        MessageRecipient? to = null;
        string? clinic = null;
        foreach (var channel in Channels(settings))
        {
            if (AppointmentDecisions.DueReminder(a, settings.ReminderHoursBefore, channel, now) is not { } due) continue;
            to ??= await MessageRecipient.LoadAsync(session, a.PatientId, a.LeadId, ct);
            var comm = channel == AppointmentChannel.Email ? CommunicationChannel.Email : CommunicationChannel.Sms;
            if (to is null || !to.Can(comm, ConsentPurpose.Care)) continue;
            clinic ??= await AppointmentCalendar.ClinicNameAsync(session, ct);
            var id = Import.DeterministicGuid.Create(a.Id, $"reminder:{due.HoursBefore}:{channel}:{a.Start.ToUnixTimeMilliseconds()}");
            var template = $"appointment-reminder:{due.HoursBefore}h";
            bool sent;
            if (comm == CommunicationChannel.Sms)
                sent = await OutboundMessaging.AskAsync(session, id, to, "Påminnelse om time", SmsText(clinic, a.Start), template,
                    OutboundMessaging.Question(SmsQuestionKind.Reminder, id, to, now, a.Start, appointmentId: a.Id), email, sms, now, ct);
            else
            {
                var (day, time) = NorwegianDayAndTime(a.Start);
                var ics = Encoding.UTF8.GetBytes(AppointmentCalendar.Render(a, clinic, now));
                sent = await OutboundMessaging.SendAsync(session, id, to, comm, $"Påminnelse: time hos {clinic}",
                    $"Påminnelse: time hos {clinic} {day} kl. {time} ({a.Practitioner}). Timen ligger vedlagt som kalenderfil.", template,
                    email, sms, now, ct, new EmailAttachment("time.ics", "text/calendar; method=REQUEST; charset=utf-8", ics));
            }
            if (sent) events.Add(new AppointmentReminderSent(a.Id, due.HoursBefore, channel, id, a.Start, now));
        }
        return events;
    }
}

/// <summary>Wolverine handler of <see cref="SendAppointmentReminders"/>.</summary>
public static class SendAppointmentRemindersHandler
{
    /// <summary>
    /// Sends what is due (appended at the appointment's version, under a row lock on the appointment's stream until the
    /// transaction commits) and plans the next reminder.
    /// </summary>
    public static async Task<OutgoingMessages> Handle(SendAppointmentReminders m, IDocumentSession session, TimeProvider clock, IEmailSender email,
        ISmsSender sms, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        // Exclusive: the scheduled message, the sweep's safety net and a retry may run at once for one appointment; the lock
        // makes the second wait for the first's commit and then find the reminder recorded, instead of sending it again.
        var stream = await session.Events.FetchForExclusiveWriting<Appointment>(m.AppointmentId, ct);
        if (stream.Aggregate is not { IsUpcoming: true } a || a.Start != m.Start) return messages;
        var now = clock.GetUtcNow();
        var settings = await ClinicSettingsStore.ForSessionAsync(session, ct);
        var events = await AppointmentReminders.SendDueAsync(session, a, settings, now, email, sms, ct);
        if (events.Count > 0) stream.AppendMany(events);
        if (m.ScheduleNext && AppointmentDecisions.NextDueAt(a, settings.ReminderHoursBefore, now) is { } next)
            messages.Schedule(new SendAppointmentReminders(a.Id, a.Start), next);
        return messages;
    }
}

/// <summary>Wolverine handler of <see cref="SweepAppointmentReminders"/>, sent with the lifecycle sweep.</summary>
public static class SweepAppointmentRemindersHandler
{
    /// <summary>Upcoming appointments within the longest reminder horizon → <see cref="SendAppointmentReminders"/> without a next plan.</summary>
    public static async Task<OutgoingMessages> Handle(SweepAppointmentReminders _, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        var settings = await ClinicSettingsStore.ForSessionAsync(session, ct);
        if (settings.ReminderHoursBefore.Count == 0) return messages;
        var now = clock.GetUtcNow();
        var horizon = now.AddHours(settings.ReminderHoursBefore.Max());
        var upcoming = await session.Query<AppointmentSummary>()
            .Where(x => x.Start > now && x.Start <= horizon && (x.Status == AppointmentStatus.Booked || x.Status == AppointmentStatus.Confirmed))
            .ToListAsync(ct);
        foreach (var a in upcoming.OrderBy(x => x.Start))
            messages.Add(new SendAppointmentReminders(a.Id, a.Start, ScheduleNext: false));
        return messages;
    }
}
