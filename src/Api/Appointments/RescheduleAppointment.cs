using ChiroClick.Domain.Appointments;

namespace ChiroClick.Api.Appointments;


/// <summary>Body of <c>PUT /api/v1/appointments/{id}</c>: the version last read, the new slot and optionally another practitioner.</summary>
public sealed record RescheduleAppointment(int? ExpectedVersion, DateTimeOffset? Start, DateTimeOffset? End, string? Practitioner = null);

/// <summary><c>PUT /api/v1/appointments/{id}</c>: AppointmentRescheduled; the reminders are planned again for the new start.</summary>
public static class RescheduleAppointmentEndpoint
{
    /// <summary>400 without version or slot, or with a reversed or too long slot.</summary>
    public static ProblemDetails Validate(RescheduleAppointment c)
    {
        var errors = new Dictionary<string, string[]>();
        if (c.ExpectedVersion is null or < 1) errors.Add("expectedVersion", "expectedVersion (the version you last read, ≥ 1) is required.");
        if (c.Start is null || c.End is null) errors.Add("start", "start and end are required.");
        else if (AppointmentDecisions.CheckSlot(c.Start.Value, c.End.Value) is { } bad) errors.Add("end", bad);
        if (c.Practitioner is { } p && (string.IsNullOrWhiteSpace(p) || p.Trim().Length > AppointmentSlots.MaxNameLength))
            errors.Add("practitioner", "practitioner cannot be blank or longer than 200 characters.");
        return Problems.Validation(errors);
    }

    /// <summary>404 unknown, 409 stale version or a slot the practitioner has taken, 422 when no longer upcoming.</summary>
    [WolverinePut("/api/v1/appointments/{id:guid}", OperationId = "rescheduleAppointment", Summary = "Move an appointment to another time or practitioner")]
    [BusinessRuleResponse]
    [ProducesResponseType<AppointmentChanged>(200)]
    public static async Task<(IResult, Events, OutgoingMessages)> Put(RescheduleAppointment c, [WriteAggregate] Appointment appointment,
        IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        if (appointment.Version != c.ExpectedVersion) return (Problems.StaleVersion(appointment.Version, c.ExpectedVersion), [], messages);
        var practitioner = c.Practitioner?.Trim() ?? appointment.Practitioner;
        var decision = AppointmentDecisions.Reschedule(appointment, c.Start!.Value, c.End!.Value, practitioner);
        if (decision.Error is { } error) return (Problems.From(error), [], messages);
        if (decision.Events.Count > 0) await AppointmentSlots.LockPractitionerAsync(session, practitioner, ct);
        if (decision.Events.Count > 0 &&
            await AppointmentSlots.ConflictAsync(session, practitioner, c.Start.Value, c.End.Value, appointment.Id, ct) is { } other)
            return (AppointmentSlots.Conflict(other), [], messages);
        var moved = decision.Events.Aggregate(appointment, (a, e) => a.Apply((AppointmentRescheduled)e));
        if (decision.Events.Count > 0) await AppointmentReminders.PlanAsync(session, moved, clock.GetUtcNow(), messages, ct);
        var events = new Events();
        events.AddRange(decision.Events);
        return (Results.Ok(new AppointmentChanged(appointment.Id, appointment.Version + events.Count, moved.Status, events.Count)), events, messages);
    }
}
