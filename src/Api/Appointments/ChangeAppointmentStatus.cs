using ChiroClick.Domain.Appointments;
using ChiroClick.Domain.Common;

namespace ChiroClick.Api.Appointments;


/// <summary>Body of <c>POST /api/v1/appointments/{id}/cancel</c>: a reason, and who cancelled (default clinic; patient when the
/// front desk records a patient's call).</summary>
public sealed record CancelAppointment(string? Reason, CancelledBy? CancelledBy = null);

/// <summary>Shared answer of the status changes.</summary>
internal static class AppointmentAnswers
{
    public static (IResult, Events) Of(Appointment a, Decision d)
    {
        if (d.Error is { } error) return (Problems.From(error), []);
        var events = new Events();
        events.AddRange(d.Events);
        var after = d.Events.Aggregate(a, AppointmentEvents.Apply);
        return (Results.Ok(new AppointmentChanged(a.Id, a.Version + events.Count, after.Status, events.Count)), events);
    }
}

/// <summary>Applies any appointment event to the aggregate (for answers computed before the commit).</summary>
public static class AppointmentEvents
{
    /// <summary>The state after <paramref name="e"/>.</summary>
    public static Appointment Apply(Appointment a, object e) => e switch
    {
        AppointmentRescheduled x => a.Apply(x),
        AppointmentCancelled x => a.Apply(x),
        AppointmentConfirmed x => a.Apply(x),
        AppointmentCheckedIn x => a.Apply(x),
        AppointmentNoShow x => a.Apply(x),
        AppointmentCompleted x => a.Apply(x),
        AppointmentReminderSent x => a.Apply(x),
        _ => a,
    };
}

/// <summary><c>POST /api/v1/appointments/{id}/cancel</c>: AppointmentCancelled; the reminders stop and the slot is offered to the waitlist.</summary>
public static class CancelAppointmentEndpoint
{
    /// <summary>400 for an over-long reason.</summary>
    public static ProblemDetails Validate(CancelAppointment c) =>
        Problems.Validation(c.Reason is { Length: > 1000 } ? new() { ["reason"] = ["reason is at most 1000 characters."] } : new());

    /// <summary>404 unknown, 422 when no longer upcoming.</summary>
    [WolverinePost("/api/v1/appointments/{id:guid}/cancel", OperationId = "cancelAppointment", Summary = "Cancel an appointment (by the patient or the clinic)")]
    [BusinessRuleResponse]
    [ProducesResponseType<AppointmentChanged>(200)]
    public static (IResult, Events, OutgoingMessages) Post(CancelAppointment c, [WriteAggregate] Appointment appointment, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var (result, events) = AppointmentAnswers.Of(appointment, AppointmentDecisions.Cancel(appointment, c.Reason, c.CancelledBy ?? CancelledBy.Clinic, now));
        var messages = new OutgoingMessages();
        if (events.Count > 0) messages.Add(new Waitlist.OfferFreedSlot(appointment.Id, appointment.Practitioner, appointment.Start, appointment.End));
        return (result, events, messages);
    }
}

/// <summary><c>POST /api/v1/appointments/{id}/confirm</c>: AppointmentConfirmed (channel front_desk).</summary>
public static class ConfirmAppointmentEndpoint
{
    /// <summary>404 unknown, 422 when not booked or confirmed.</summary>
    [WolverinePost("/api/v1/appointments/{id:guid}/confirm", OperationId = "confirmAppointment", Summary = "Confirm an appointment")]
    [BusinessRuleResponse]
    [ProducesResponseType<AppointmentChanged>(200)]
    public static (IResult, Events) Post([WriteAggregate] Appointment appointment, TimeProvider clock) =>
        AppointmentAnswers.Of(appointment, AppointmentDecisions.Confirm(appointment, AppointmentChannel.FrontDesk, clock.GetUtcNow()));
}

/// <summary><c>POST /api/v1/appointments/{id}/check-in</c>: AppointmentCheckedIn.</summary>
public static class CheckInAppointmentEndpoint
{
    /// <summary>404 unknown, 422 when not upcoming.</summary>
    [WolverinePost("/api/v1/appointments/{id:guid}/check-in", OperationId = "checkInAppointment", Summary = "Check the patient in for an appointment")]
    [BusinessRuleResponse]
    [ProducesResponseType<AppointmentChanged>(200)]
    public static (IResult, Events) Post([WriteAggregate] Appointment appointment, TimeProvider clock) =>
        AppointmentAnswers.Of(appointment, AppointmentDecisions.CheckIn(appointment, clock.GetUtcNow()));
}

/// <summary><c>POST /api/v1/appointments/{id}/no-show</c>: AppointmentNoShow.</summary>
public static class NoShowAppointmentEndpoint
{
    /// <summary>404 unknown, 422 when not upcoming or not started yet.</summary>
    [WolverinePost("/api/v1/appointments/{id:guid}/no-show", OperationId = "markAppointmentNoShow", Summary = "Record that the patient did not come")]
    [BusinessRuleResponse]
    [ProducesResponseType<AppointmentChanged>(200)]
    public static (IResult, Events) Post([WriteAggregate] Appointment appointment, TimeProvider clock) =>
        AppointmentAnswers.Of(appointment, AppointmentDecisions.NoShow(appointment, clock.GetUtcNow()));
}
