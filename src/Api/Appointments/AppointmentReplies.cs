using ChiroClick.Domain.Appointments;

namespace ChiroClick.Api.Appointments;

/// <summary>A patient's SMS answer to an appointment reminder, applied to the appointment.</summary>
public static class AppointmentReplies
{
    /// <summary>
    /// A yes (<paramref name="confirm"/>) confirms the appointment (channel sms), a no cancels it (cancelled by the patient,
    /// "Avbestilt på SMS"; the freed slot is offered to the waitlist through <paramref name="messages"/>), through
    /// <see cref="AppointmentDecisions"/>, appended at the version read. False when the appointment is unknown or the decision
    /// refuses (it is no longer upcoming). The caller saves the session.
    /// </summary>
    public static async Task<bool> AnswerReminderAsync(IDocumentSession session, Guid appointmentId, bool confirm, DateTimeOffset now,
        OutgoingMessages messages, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Appointment>(appointmentId, ct);
        if (stream.Aggregate is not { } a) return false;
        var decision = confirm
            ? AppointmentDecisions.Confirm(a, AppointmentChannel.Sms, now)
            : AppointmentDecisions.Cancel(a, "Avbestilt på SMS", CancelledBy.Patient, now);
        if (!decision.Accepted) return false;
        stream.AppendMany(decision.Events);
        if (!confirm) messages.Add(new Waitlist.OfferFreedSlot(a.Id, a.Practitioner, a.Start, a.End));
        return true;
    }
}
