using ChiroClick.Domain.Common;

namespace ChiroClick.Domain.Appointments;

/// <summary>A reminder the plan wants sent: its hour offset and when it falls due.</summary>
public sealed record PlannedReminder(int HoursBefore, DateTimeOffset DueAt);

/// <summary>Pure decisions for appointments: the events to append or the reason to refuse. No I/O, no clock.</summary>
public static class AppointmentDecisions
{
    /// <summary>Longest appointment accepted (a working day).</summary>
    public static readonly TimeSpan MaxLength = TimeSpan.FromHours(12);

    /// <summary>How close to the start a reminder that was due earlier is still worth sending (the "more than one hour away").</summary>
    public static readonly TimeSpan LateReminderCutOff = TimeSpan.FromHours(1);

    /// <summary>How late after its due time a reminder still counts as "on time" (sweeps and scheduled messages are not exact).</summary>
    public static readonly TimeSpan OnTimeSlack = TimeSpan.FromMinutes(15);

    /// <summary>Whether two half-open intervals [start, end) overlap (back-to-back bookings do not).</summary>
    public static bool Overlaps(DateTimeOffset start, DateTimeOffset end, DateTimeOffset otherStart, DateTimeOffset otherEnd) =>
        start < otherEnd && otherStart < end;

    /// <summary>Shape of a time slot: years 2000..2100 (reminder arithmetic stays in range), end after start and at most
    /// <see cref="MaxLength"/>; null when fine.</summary>
    public static string? CheckSlot(DateTimeOffset start, DateTimeOffset end) =>
        start.UtcDateTime.Year is < 2000 or > 2100 || end.UtcDateTime.Year is < 2000 or > 2100 ? "start and end must lie in the years 2000..2100."
        : end <= start ? "end must be after start."
        : end - start > MaxLength ? $"An appointment lasts at most {MaxLength.TotalHours:0} hours." : null;

    /// <summary>Moves an upcoming appointment; the same slot and practitioner appends nothing.</summary>
    public static Decision Reschedule(Appointment a, DateTimeOffset start, DateTimeOffset end, string practitioner)
    {
        if (!a.IsUpcoming) return DomainError.Rule($"A {WireName.Of(a.Status)} appointment cannot be moved.");
        if (a.Start == start && a.End == end && a.Practitioner == practitioner) return Decision.Append();
        return Decision.Append(new AppointmentRescheduled(a.Id, start, end, practitioner, a.Start, a.End, a.Practitioner));
    }

    /// <summary>Cancels an upcoming appointment.</summary>
    public static Decision Cancel(Appointment a, string? reason, CancelledBy by, DateTimeOffset now) =>
        a.IsUpcoming
            ? Decision.Append(new AppointmentCancelled(a.Id, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), by, now))
            : DomainError.Rule($"A {WireName.Of(a.Status)} appointment cannot be cancelled.");

    /// <summary>Confirms a booked appointment; confirming a confirmed one appends nothing.</summary>
    public static Decision Confirm(Appointment a, AppointmentChannel channel, DateTimeOffset now) => a.Status switch
    {
        AppointmentStatus.Booked => Decision.Append(new AppointmentConfirmed(a.Id, channel, now)),
        AppointmentStatus.Confirmed => Decision.Append(),
        _ => DomainError.Rule($"A {WireName.Of(a.Status)} appointment cannot be confirmed."),
    };

    /// <summary>Checks in a booked or confirmed appointment.</summary>
    public static Decision CheckIn(Appointment a, DateTimeOffset now) =>
        a.IsUpcoming ? Decision.Append(new AppointmentCheckedIn(a.Id, now)) : DomainError.Rule($"A {WireName.Of(a.Status)} appointment cannot be checked in.");

    /// <summary>Marks a booked or confirmed appointment as a no-show, once it has started.</summary>
    public static Decision NoShow(Appointment a, DateTimeOffset now)
    {
        if (!a.IsUpcoming) return DomainError.Rule($"A {WireName.Of(a.Status)} appointment cannot be a no-show.");
        if (now < a.Start) return DomainError.Rule("An appointment that has not started yet cannot be a no-show.");
        return Decision.Append(new AppointmentNoShow(a.Id, now));
    }

    /// <summary>Completes a booked, confirmed or checked-in appointment (the caller records the visit on the patient).</summary>
    public static Decision Complete(Appointment a, Guid? visitId, IReadOnlyList<string> codes, string? treatment, DateTimeOffset now) =>
        a.IsUpcoming || a.Status == AppointmentStatus.CheckedIn
            ? Decision.Append(new AppointmentCompleted(a.Id, visitId, now, codes, treatment))
            : DomainError.Rule($"A {WireName.Of(a.Status)} appointment cannot be completed.");

    /// <summary>The reminders of a start time, latest due last: start − h for each configured hour (duplicates and h ≤ 0 dropped).</summary>
    public static IReadOnlyList<PlannedReminder> Plan(DateTimeOffset start, IEnumerable<int> hoursBefore) =>
        hoursBefore.Where(h => h > 0).Distinct().OrderByDescending(h => h).Select(h => new PlannedReminder(h, start.AddHours(-h))).ToList();

    /// <summary>
    /// The reminder to send now, or null. Only the latest reminder that has fallen due counts (a 48 h reminder found late,
    /// once the 2 h one is due, is superseded). It goes out when not sent yet for this start and either it is on time
    /// (within <see cref="OnTimeSlack"/> of its due time) and the appointment has not started, or the appointment is still
    /// more than <see cref="LateReminderCutOff"/> away (a reminder that was due before the booking or the move).
    /// </summary>
    public static PlannedReminder? DueReminder(Appointment a, IEnumerable<int> hoursBefore, AppointmentChannel channel, DateTimeOffset now)
    {
        if (!a.IsUpcoming || now >= a.Start) return null;
        var due = Plan(a.Start, hoursBefore).LastOrDefault(r => r.DueAt <= now);
        if (due is null || a.ReminderSent(due.HoursBefore, channel)) return null;
        var onTime = now - due.DueAt <= OnTimeSlack;
        return onTime || a.Start - now > LateReminderCutOff ? due : null;
    }

    /// <summary>When the next reminder of the plan falls due after <paramref name="now"/>, or null.</summary>
    public static DateTimeOffset? NextDueAt(Appointment a, IEnumerable<int> hoursBefore, DateTimeOffset now) =>
        a.IsUpcoming ? Plan(a.Start, hoursBefore).Where(r => r.DueAt > now).Select(r => (DateTimeOffset?)r.DueAt).FirstOrDefault() : null;

}
