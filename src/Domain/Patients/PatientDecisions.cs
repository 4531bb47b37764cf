using ChiroClick.Domain.Common;

namespace ChiroClick.Domain.Patients;

/// <summary>Pure decisions for patients: the events to append or the reason to refuse. No I/O, no clock.</summary>
public static class PatientDecisions
{
    /// <summary>
    /// Records a visit: first the decay move that was due at the visit's time (so history replayed in
    /// order reactivates a patient who had lapsed), then VisitCompleted, then the move the visit causes.
    /// A visit older than the latest one known changes no stage except new → active.
    /// </summary>
    public static IReadOnlyList<object> RecordVisit(Patient patient, VisitCompleted visit, int checkInFrequencyDays)
    {
        var events = new List<object>();
        var stage = patient.Stage;
        if (patient.LastVisitAt is { } last && visit.CompletedAt < last)
        {
            events.Add(visit);
            if (stage == LifecycleStage.New && LifecycleRules.AfterVisit(patient.Id, stage, visit.CompletedAt) is { } first) events.Add(first);
            return events;
        }
        if (LifecycleRules.Decay(patient.Id, stage, patient.LastVisitAt, visit.CompletedAt, checkInFrequencyDays) is { } lapse)
        {
            events.Add(lapse);
            stage = lapse.To;
        }
        events.Add(visit);
        if (LifecycleRules.AfterVisit(patient.Id, stage, visit.CompletedAt) is { } moved) events.Add(moved);
        return events;
    }

    /// <summary>Records a visit note once: nothing when the patient already has a note with its id (a redelivered message).</summary>
    public static IReadOnlyList<object> RecordNote(Patient patient, VisitNoteRecorded note) =>
        patient.NoteIds.Contains(note.NoteId) ? [] : [note];

    /// <summary>
    /// A move by a workflow's move_lifecycle_stage step (automatic, the reason names the workflow); to the current stage
    /// appends nothing.
    /// </summary>
    public static IReadOnlyList<object> MoveByWorkflow(Patient patient, LifecycleStage to, string workflowName, DateTimeOffset now) =>
        patient.Stage == to ? [] : [new LifecycleStageChanged(patient.Id, patient.Stage, to, $"workflow \"{workflowName}\"", true, now)];

    /// <summary>
    /// Withdraws the consent (<paramref name="channel"/>, <paramref name="purpose"/>), naming the campaign it came from or null;
    /// when it is not given, appends nothing (repeating an opt-out changes nothing).
    /// </summary>
    public static IReadOnlyList<object> WithdrawConsent(Patient patient, ConsentChannel channel, ConsentPurpose purpose, Guid? campaignId,
        DateTimeOffset now) =>
        patient.Consents.Contains(new ConsentGrant(channel, purpose)) ? [new ConsentWithdrawn(patient.Id, channel, purpose, campaignId, now)] : [];

    /// <summary>
    /// ConsentWithdrawn for every consent <paramref name="patient"/> gives beyond care, in the order given (an erasure of scope
    /// marketing: the patient stays in care, but nothing else may reach them); none when only care consents are given.
    /// </summary>
    public static IReadOnlyList<object> WithdrawAllButCare(Patient patient, DateTimeOffset now) =>
        [.. patient.Consents.Where(c => c.Purpose != ConsentPurpose.Care)
            .Select(c => new ConsentWithdrawn(patient.Id, c.Channel, c.Purpose, null, now))];

    /// <summary>A manual move by a user; to the current stage appends nothing; a reason is required.</summary>
    public static Decision MoveManually(Patient patient, LifecycleStage to, string? reason, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(reason)) return DomainError.Invalid("A reason is required for a manual lifecycle move.");
        if (patient.Stage == to) return Decision.Append();
        if (to == LifecycleStage.Reactivated && LifecycleRules.DecayLevel(patient.Stage) < 2)
            return DomainError.Rule("Only an inactive or lost patient can be reactivated.");
        return Decision.Append(new LifecycleStageChanged(patient.Id, patient.Stage, to, reason.Trim(), false, now));
    }
}
