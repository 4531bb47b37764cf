using ChiroClick.Domain.Appointments;

namespace ChiroClick.Projections.Appointments;

/// <summary>One appointment as lists and the calendar show it (inline read model).</summary>
public sealed class AppointmentSummary
{
    /// <summary>Appointment id.</summary>
    public Guid Id { get; set; }
    /// <summary>Stream version (send it back as <c>expectedVersion</c> to move the appointment).</summary>
    public int Version { get; set; }
    /// <summary>Patient or null.</summary>
    public Guid? PatientId { get; set; }
    /// <summary>Lead or null.</summary>
    public Guid? LeadId { get; set; }
    /// <summary>Practitioner.</summary>
    public string Practitioner { get; set; } = "";
    /// <summary>Start.</summary>
    public DateTimeOffset Start { get; set; }
    /// <summary>End.</summary>
    public DateTimeOffset End { get; set; }
    /// <summary>Kind of appointment.</summary>
    public string Type { get; set; } = "";
    /// <summary>booked, confirmed, checked_in, completed, cancelled or no_show.</summary>
    public AppointmentStatus Status { get; set; }
    /// <summary>iCalendar SEQUENCE: 0 when booked, +1 per move or cancel.</summary>
    public int Sequence { get; set; }
    /// <summary>When it was booked (event timestamp).</summary>
    public DateTimeOffset BookedAt { get; set; }
    /// <summary>How it was confirmed, once confirmed.</summary>
    public AppointmentChannel? ConfirmedBy { get; set; }
    /// <summary>When it was confirmed.</summary>
    public DateTimeOffset? ConfirmedAt { get; set; }
    /// <summary>Cancellation reason.</summary>
    public string? CancelReason { get; set; }
    /// <summary>Who cancelled.</summary>
    public CancelledBy? CancelledBy { get; set; }
    /// <summary>The visit recorded on completion.</summary>
    public Guid? VisitId { get; set; }
    /// <summary>The waitlist entry whose offer booked it, if any.</summary>
    public Guid? WaitlistEntryId { get; set; }
    /// <summary>Reminders sent, oldest first.</summary>
    public List<ReminderRecord> Reminders { get; set; } = new();
}

/// <summary>Inline projection building <see cref="AppointmentSummary"/>.</summary>
public sealed class AppointmentSummaryProjection : SingleStreamProjection<AppointmentSummary, Guid>
{
    /// <summary>Starts the summary.</summary>
    public static AppointmentSummary Create(IEvent<AppointmentBooked> e) => new()
    {
        Id = e.Data.AppointmentId, PatientId = e.Data.PatientId, LeadId = e.Data.LeadId, Practitioner = e.Data.Practitioner,
        Start = e.Data.Start, End = e.Data.End, Type = e.Data.Type, Status = AppointmentStatus.Booked, BookedAt = e.Timestamp,
        WaitlistEntryId = e.Data.WaitlistEntryId,
    };

    /// <summary>Moves it.</summary>
    public static void Apply(AppointmentRescheduled e, AppointmentSummary s)
    {
        s.Start = e.Start;
        s.End = e.End;
        s.Practitioner = e.Practitioner;
        s.Sequence++;
    }

    /// <summary>Cancels it.</summary>
    public static void Apply(AppointmentCancelled e, AppointmentSummary s)
    {
        s.Status = AppointmentStatus.Cancelled;
        s.CancelReason = e.Reason;
        s.CancelledBy = e.CancelledBy;
        s.Sequence++;
    }

    /// <summary>Confirms it.</summary>
    public static void Apply(AppointmentConfirmed e, AppointmentSummary s)
    {
        s.Status = AppointmentStatus.Confirmed;
        s.ConfirmedBy = e.Channel;
        s.ConfirmedAt = e.ConfirmedAt;
    }

    /// <summary>Checks in.</summary>
    public static void Apply(AppointmentCheckedIn e, AppointmentSummary s) => s.Status = AppointmentStatus.CheckedIn;

    /// <summary>No-show.</summary>
    public static void Apply(AppointmentNoShow e, AppointmentSummary s) => s.Status = AppointmentStatus.NoShow;

    /// <summary>Completes it.</summary>
    public static void Apply(AppointmentCompleted e, AppointmentSummary s)
    {
        s.Status = AppointmentStatus.Completed;
        s.VisitId = e.VisitId;
    }

    /// <summary>Records the reminder.</summary>
    public static void Apply(AppointmentReminderSent e, AppointmentSummary s) =>
        s.Reminders.Add(new ReminderRecord(e.HoursBefore, e.Channel, e.Start, e.SentAt));
}
