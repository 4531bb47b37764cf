namespace ChiroClick.Domain.Appointments;

/// <summary>Where an appointment stands. Serialised snake_case (<c>checked_in</c>, <c>no_show</c>).</summary>
public enum AppointmentStatus
{
    /// <summary>Booked, not yet confirmed by the patient.</summary>
    Booked,
    /// <summary>The patient confirmed (reply to a reminder, phone, front desk).</summary>
    Confirmed,
    /// <summary>The patient arrived.</summary>
    CheckedIn,
    /// <summary>Done; a visit was recorded for the patient.</summary>
    Completed,
    /// <summary>Cancelled by the patient or the clinic.</summary>
    Cancelled,
    /// <summary>The patient did not come.</summary>
    NoShow,
}

/// <summary>Who cancelled an appointment.</summary>
public enum CancelledBy
{
    /// <summary>The patient (e.g. a NEI reply to a reminder).</summary>
    Patient,
    /// <summary>The clinic.</summary>
    Clinic,
}

/// <summary>How a confirmation or reminder reached the clinic / the patient.</summary>
public enum AppointmentChannel
{
    /// <summary>Text message.</summary>
    Sms,
    /// <summary>E-mail.</summary>
    Email,
    /// <summary>Phone call.</summary>
    Phone,
    /// <summary>At the front desk, in person.</summary>
    FrontDesk,
}

/// <summary>Marker for every event of an appointment stream.</summary>
public interface IAppointmentEvent
{
    /// <summary>The appointment's id (= its stream id).</summary>
    Guid AppointmentId { get; }
}

/// <summary>An appointment was booked. Starts the appointment stream.</summary>
/// <param name="AppointmentId">Stream id.</param>
/// <param name="PatientId">Patient, or null when the appointment is for a lead.</param>
/// <param name="LeadId">Lead, or null when the appointment is for a patient.</param>
/// <param name="Practitioner">Practitioner's name as the clinic writes it.</param>
/// <param name="Start">Start (clinic local offset as sent).</param>
/// <param name="End">End, after <paramref name="Start"/>.</param>
/// <param name="Type">Kind of appointment (free text, e.g. "førstegangskonsultasjon").</param>
/// <param name="WaitlistEntryId">The waitlist entry whose accepted offer booked it, or null.</param>
public sealed record AppointmentBooked(Guid AppointmentId, Guid? PatientId, Guid? LeadId, string Practitioner, DateTimeOffset Start,
    DateTimeOffset End, string Type, Guid? WaitlistEntryId = null) : IAppointmentEvent;

/// <summary>The appointment moved (new time and/or practitioner).</summary>
/// <param name="AppointmentId">Stream id.</param>
/// <param name="Start">New start.</param>
/// <param name="End">New end.</param>
/// <param name="Practitioner">Practitioner after the move.</param>
/// <param name="PreviousStart">Start before the move.</param>
/// <param name="PreviousEnd">End before the move.</param>
/// <param name="PreviousPractitioner">Practitioner before the move.</param>
public sealed record AppointmentRescheduled(Guid AppointmentId, DateTimeOffset Start, DateTimeOffset End, string Practitioner,
    DateTimeOffset PreviousStart, DateTimeOffset PreviousEnd, string PreviousPractitioner) : IAppointmentEvent;

/// <summary>The appointment was cancelled.</summary>
/// <param name="AppointmentId">Stream id.</param>
/// <param name="Reason">Why, or null.</param>
/// <param name="CancelledBy">patient or clinic.</param>
/// <param name="CancelledAt">When.</param>
public sealed record AppointmentCancelled(Guid AppointmentId, string? Reason, CancelledBy CancelledBy, DateTimeOffset CancelledAt) : IAppointmentEvent;

/// <summary>The patient confirmed the appointment.</summary>
public sealed record AppointmentConfirmed(Guid AppointmentId, AppointmentChannel Channel, DateTimeOffset ConfirmedAt) : IAppointmentEvent;

/// <summary>The patient arrived.</summary>
public sealed record AppointmentCheckedIn(Guid AppointmentId, DateTimeOffset CheckedInAt) : IAppointmentEvent;

/// <summary>The patient did not come.</summary>
public sealed record AppointmentNoShow(Guid AppointmentId, DateTimeOffset RecordedAt) : IAppointmentEvent;

/// <summary>The appointment took place; the patient's stream gets the matching VisitCompleted (same <paramref name="VisitId"/>).</summary>
/// <param name="AppointmentId">Stream id.</param>
/// <param name="VisitId">The visit recorded on the patient, or null for a lead's appointment.</param>
/// <param name="CompletedAt">When.</param>
/// <param name="Icpc2Codes">ICPC-2 codes of the visit.</param>
/// <param name="Treatment">Treatment given, or null.</param>
public sealed record AppointmentCompleted(Guid AppointmentId, Guid? VisitId, DateTimeOffset CompletedAt, IReadOnlyList<string> Icpc2Codes,
    string? Treatment) : IAppointmentEvent;

/// <summary>A reminder went out (one per planned hour and channel; never twice: the id is deterministic).</summary>
/// <param name="AppointmentId">Stream id.</param>
/// <param name="HoursBefore">The planned offset in hours before the start.</param>
/// <param name="Channel">sms or email.</param>
/// <param name="CommunicationId">The CommunicationLogged stream of the message.</param>
/// <param name="Start">Appointment start the reminder was for (a move plans new reminders).</param>
/// <param name="SentAt">When.</param>
public sealed record AppointmentReminderSent(Guid AppointmentId, int HoursBefore, AppointmentChannel Channel, Guid CommunicationId,
    DateTimeOffset Start, DateTimeOffset SentAt) : IAppointmentEvent;

/// <summary>One reminder recorded on the aggregate.</summary>
public sealed record ReminderRecord(int HoursBefore, AppointmentChannel Channel, DateTimeOffset Start, DateTimeOffset SentAt);

/// <summary>The appointment aggregate (write model of every appointment decision).</summary>
public sealed record Appointment(Guid Id, Guid? PatientId, Guid? LeadId, string Practitioner, DateTimeOffset Start, DateTimeOffset End,
    string Type, AppointmentStatus Status, int Sequence, IReadOnlyList<ReminderRecord> Reminders)
{
    /// <summary>Stream version.</summary>
    public int Version { get; init; }

    /// <summary>Booked or confirmed: the slot is taken and can still move, be cancelled or be reminded of.</summary>
    public bool IsUpcoming => Status is AppointmentStatus.Booked or AppointmentStatus.Confirmed;

    /// <summary>Starts the aggregate.</summary>
    public static Appointment Create(AppointmentBooked e) =>
        new(e.AppointmentId, e.PatientId, e.LeadId, e.Practitioner, e.Start, e.End, e.Type, AppointmentStatus.Booked, 0, []);

    /// <summary>Moves it; the calendar SEQUENCE goes up.</summary>
    public Appointment Apply(AppointmentRescheduled e) =>
        this with { Start = e.Start, End = e.End, Practitioner = e.Practitioner, Sequence = Sequence + 1 };

    /// <summary>Cancels it (SEQUENCE goes up: the calendar entry changes).</summary>
    public Appointment Apply(AppointmentCancelled e) => this with { Status = AppointmentStatus.Cancelled, Sequence = Sequence + 1 };

    /// <summary>Confirms it.</summary>
    public Appointment Apply(AppointmentConfirmed e) => this with { Status = AppointmentStatus.Confirmed };

    /// <summary>Checks in.</summary>
    public Appointment Apply(AppointmentCheckedIn e) => this with { Status = AppointmentStatus.CheckedIn };

    /// <summary>No-show.</summary>
    public Appointment Apply(AppointmentNoShow e) => this with { Status = AppointmentStatus.NoShow };

    /// <summary>Completes.</summary>
    public Appointment Apply(AppointmentCompleted e) => this with { Status = AppointmentStatus.Completed };

    /// <summary>Records the reminder.</summary>
    public Appointment Apply(AppointmentReminderSent e) =>
        this with { Reminders = [.. Reminders, new ReminderRecord(e.HoursBefore, e.Channel, e.Start, e.SentAt)] };

    /// <summary>Whether the reminder for that hour, channel and start has gone out.</summary>
    public bool ReminderSent(int hoursBefore, AppointmentChannel channel) =>
        Reminders.Any(r => r.HoursBefore == hoursBefore && r.Channel == channel && r.Start == Start);
}
