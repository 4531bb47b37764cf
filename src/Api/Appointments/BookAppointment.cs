using ChiroClick.Domain.Appointments;
using ChiroClick.Projections.Leads;
using ChiroClick.Projections.Patients;

namespace ChiroClick.Api.Appointments;


/// <summary>Body of <c>POST /api/v1/appointments</c>: exactly one of <c>patientId</c> / <c>leadId</c>, the practitioner,
/// start and end (ISO 8601 with the clinic's offset; end after start, at most 12 hours) and the type (default "konsultasjon").</summary>
public sealed record BookAppointment(Guid? PatientId, Guid? LeadId, string? Practitioner, DateTimeOffset? Start, DateTimeOffset? End,
    string? Type = null);

/// <summary>Answer to a booking (201).</summary>
public sealed record AppointmentCreated(Guid Id, string Url, int Version) : CreationResponse(Url);

/// <summary><c>POST /api/v1/appointments</c>: AppointmentBooked, and the reminders planned (Wolverine scheduled messages).</summary>
public static class BookAppointmentEndpoint
{
    /// <summary>400 for a missing or doubled subject, a missing practitioner or slot, or a slot that is reversed or too long.</summary>
    public static ProblemDetails Validate(BookAppointment c)
    {
        var errors = new Dictionary<string, string[]>();
        if ((c.PatientId is null) == (c.LeadId is null)) errors.Add("patientId", "Give exactly one of patientId and leadId.");
        if (string.IsNullOrWhiteSpace(c.Practitioner)) errors.Add("practitioner", "practitioner is required.");
        else if (c.Practitioner.Trim().Length > AppointmentSlots.MaxNameLength) errors.Add("practitioner", "practitioner is too long.");
        if (c.Type is { } t && t.Trim().Length > AppointmentSlots.MaxNameLength) errors.Add("type", "type is too long.");
        if (c.Start is null || c.End is null) errors.Add("start", "start and end are required.");
        else if (AppointmentDecisions.CheckSlot(c.Start.Value, c.End.Value) is { } bad) errors.Add("end", bad);
        return Problems.Validation(errors);
    }

    /// <summary>Books; 404 for an unknown patient or lead, 409 when the practitioner has an overlapping appointment.</summary>
    [WolverinePost("/api/v1/appointments", OperationId = "bookAppointment", Summary = "Book an appointment for a patient or lead")]
    [ProducesResponseType<AppointmentCreated>(201)]
    public static async Task<(IResult, OutgoingMessages)> Post(BookAppointment c, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        if (c.PatientId is { } pid && await session.LoadAsync<PatientSummary>(pid, ct) is null)
            return (AppointmentSlots.NotFound($"No patient {pid} in this clinic."), messages);
        if (c.LeadId is { } lid && await session.LoadAsync<LeadSummary>(lid, ct) is null)
            return (AppointmentSlots.NotFound($"No lead {lid} in this clinic."), messages);
        var practitioner = c.Practitioner!.Trim();
        await AppointmentSlots.LockPractitionerAsync(session, practitioner, ct);
        if (await AppointmentSlots.ConflictAsync(session, practitioner, c.Start!.Value, c.End!.Value, null, ct) is { } other)
            return (AppointmentSlots.Conflict(other), messages);
        var id = Guid.CreateVersion7();
        var booked = new AppointmentBooked(id, c.PatientId, c.LeadId, practitioner, c.Start.Value, c.End.Value,
            string.IsNullOrWhiteSpace(c.Type) ? "konsultasjon" : c.Type.Trim());
        session.Events.StartStream<Appointment>(id, booked);
        await AppointmentReminders.PlanAsync(session, Appointment.Create(booked), clock.GetUtcNow(), messages, ct);
        var url = $"/api/v1/appointments/{id}";
        return (Results.Created(url, new AppointmentCreated(id, url, 1)), messages);
    }
}
