using ChiroClick.Domain.Consultations;
using ChiroClick.Domain.Patients;

namespace ChiroClick.Api.Patients;

/// <summary>
/// Command to the Patients feature: record a visit note on the patient's stream (sent by the consultation extraction when
/// a clinician accepts or modifies its draft). <paramref name="NoteId"/> is deterministic in the sender, so a redelivered
/// command records nothing twice.
/// </summary>
/// <param name="PatientId">Patient.</param>
/// <param name="NoteId">Note id.</param>
/// <param name="Soap">The SOAP note.</param>
/// <param name="Icpc2Codes">ICPC-2 codes.</param>
/// <param name="RedFlags">Red flags in words.</param>
/// <param name="Exercises">Home exercises.</param>
/// <param name="ConsultationId">Source consultation, or null.</param>
/// <param name="AppointmentId">Appointment, or null.</param>
/// <param name="SuggestionId">The AI suggestion it came from, or null.</param>
/// <param name="RecordedAt">Business time of the note.</param>
public sealed record RecordVisitNote(Guid PatientId, Guid NoteId, SoapNote Soap, IReadOnlyList<string> Icpc2Codes, IReadOnlyList<string> RedFlags,
    IReadOnlyList<string> Exercises, Guid? ConsultationId, Guid? AppointmentId, Guid? SuggestionId, DateTimeOffset RecordedAt);

/// <summary>Appends VisitNoteRecorded through <see cref="PatientDecisions.RecordNote"/>; an unknown (or erased) patient gets nothing.</summary>
public static class RecordVisitNoteHandler
{
    /// <summary>Decides and appends at the patient's version.</summary>
    public static async Task Handle(RecordVisitNote m, IDocumentSession session, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Patient>(m.PatientId, ct);
        if (stream.Aggregate is not { } patient) return;
        var note = new VisitNoteRecorded(m.PatientId, m.NoteId, m.Soap.Subjective, m.Soap.Objective, m.Soap.Assessment, m.Soap.Plan,
            m.Icpc2Codes, m.RedFlags, m.Exercises, m.ConsultationId, m.AppointmentId, m.SuggestionId, m.RecordedAt);
        stream.AppendMany(PatientDecisions.RecordNote(patient, note));
    }
}
