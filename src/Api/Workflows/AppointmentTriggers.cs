using ChiroClick.Domain.Appointments;
using ChiroClick.Domain.Workflows;
using ChiroClick.Projections.Appointments;
using JasperFx.Events;

namespace ChiroClick.Api.Workflows;

/// <summary>
/// The appointment triggers (appointment_booked, appointment_cancelled, appointment_no_show, appointment_completed), fed by the
/// "crm-automation" relay like the other triggers: only active workflows that were active when the event was appended react, and
/// the run id is UUIDv5(workflow, event id), so a redelivered event starts nothing twice. The run's subject is the appointment's
/// patient, or its lead.
/// </summary>
public static class AppointmentTriggerHandler
{
    /// <summary>appointment_booked.</summary>
    public static Task<OutgoingMessages> Handle(IEvent<AppointmentBooked> e, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        StartAsync(session, WorkflowTriggerType.AppointmentBooked, e, e.Data.PatientId, e.Data.LeadId,
            $"appointment booked for {e.Data.Start:yyyy-MM-dd HH:mm zzz} with {e.Data.Practitioner}", clock, ct);

    /// <summary>appointment_cancelled.</summary>
    public static async Task<OutgoingMessages> Handle(IEvent<AppointmentCancelled> e, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var a = await session.LoadAsync<AppointmentSummary>(e.Data.AppointmentId, ct);
        return await StartAsync(session, WorkflowTriggerType.AppointmentCancelled, e, a?.PatientId, a?.LeadId,
            $"appointment cancelled by {Infrastructure.ChiroJson.Wire(e.Data.CancelledBy)}", clock, ct);
    }

    /// <summary>appointment_no_show.</summary>
    public static async Task<OutgoingMessages> Handle(IEvent<AppointmentNoShow> e, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var a = await session.LoadAsync<AppointmentSummary>(e.Data.AppointmentId, ct);
        return await StartAsync(session, WorkflowTriggerType.AppointmentNoShow, e, a?.PatientId, a?.LeadId,
            $"no-show at the appointment of {a?.Start:yyyy-MM-dd HH:mm zzz}", clock, ct);
    }

    /// <summary>appointment_completed.</summary>
    public static async Task<OutgoingMessages> Handle(IEvent<AppointmentCompleted> e, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var a = await session.LoadAsync<AppointmentSummary>(e.Data.AppointmentId, ct);
        return await StartAsync(session, WorkflowTriggerType.AppointmentCompleted, e, a?.PatientId, a?.LeadId, "appointment completed", clock, ct);
    }

    private static async Task<OutgoingMessages> StartAsync(IDocumentSession session, WorkflowTriggerType type, IEvent e, Guid? patientId,
        Guid? leadId, string reason, TimeProvider clock, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        if (patientId is null && leadId is null) return messages;
        foreach (var wf in await WorkflowTriggers.ReactingAsync(session, type, e.Timestamp, ct))
            await WorkflowTriggers.StartAsync(session, messages, wf, patientId, patientId is null ? leadId : null, $"event:{e.Id}", reason,
                e.Timestamp, clock, ct);
        return messages;
    }
}
