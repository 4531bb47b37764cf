using ChiroClick.Domain.Consultations;
using ChiroClick.Projections.Appointments;
using ChiroClick.Projections.Patients;

namespace ChiroClick.Api.Consultations;

/// <summary>
/// Body of <c>POST /api/v1/consultations</c>: the patient, optionally the appointment, the transcript (at most 200,000
/// characters) in <c>format</c> text (default), webvtt or srt, and the <c>language</c> spoken: nb (default), nn or en.
/// </summary>
public sealed record RecordConsultation(Guid? PatientId, Guid? AppointmentId, string? Transcript, TranscriptFormat? Format,
    ConsultationLanguage? Language);

/// <summary>Answer to a recorded consultation (201): its id, URL, and the speaker turns found.</summary>
public sealed record ConsultationCreated(Guid Id, string Url, int Turns, IReadOnlyList<string> Speakers) : CreationResponse(Url);

/// <summary>
/// Records a consultation: ConsultationRecorded with the speaker turns parsed from the transcript. 400 missing fields or a
/// transcript that cannot be read (the line is named); 404 unknown patient or appointment (or another clinic's); 422 an
/// appointment of another patient.
/// </summary>
public static class RecordConsultationEndpoint
{
    /// <summary>400 for missing fields.</summary>
    public static ProblemDetails Validate(RecordConsultation c)
    {
        var errors = new Dictionary<string, string[]>();
        if (c.PatientId is null) errors.Add("patientId", "patientId is required.");
        if (string.IsNullOrWhiteSpace(c.Transcript)) errors.Add("transcript", "transcript is required.");
        else if (c.Transcript.Length > ConsultationDecisions.MaxTranscriptLength)
            errors.Add("transcript", $"transcript is longer than {ConsultationDecisions.MaxTranscriptLength} characters.");
        return Problems.Validation(errors);
    }

    /// <summary>Checks the patient and appointment, parses, starts the stream.</summary>
    [WolverinePost("/api/v1/consultations", OperationId = "recordConsultation", Summary = "Record a consultation transcript")]
    [BusinessRuleResponse]
    [ProducesResponseType<ConsultationCreated>(201)]
    public static async Task<IResult> Post(RecordConsultation c, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var patientId = c.PatientId!.Value;
        if (await session.LoadAsync<PatientSummary>(patientId, ct) is null) return NotFound($"No patient {patientId} in this clinic.");
        if (c.AppointmentId is { } appointmentId)
        {
            var appointment = await session.LoadAsync<AppointmentSummary>(appointmentId, ct);
            if (appointment is null) return NotFound($"No appointment {appointmentId} in this clinic.");
            if (appointment.PatientId != patientId) return Problems.From(Domain.Common.DomainError.Rule("The appointment is another patient's."));
        }
        var id = Guid.CreateVersion7();
        var decision = ConsultationDecisions.Record(id, patientId, c.AppointmentId, c.Transcript!, c.Format ?? TranscriptFormat.Text,
            c.Language ?? ConsultationLanguage.Nb, clock.GetUtcNow());
        if (decision.Error is { } error) return Results.Problem(Problems.Validation(new() { ["transcript"] = [error.Detail] }));
        var recorded = (ConsultationRecorded)decision.Events[0];
        session.Events.StartStream<Consultation>(id, recorded);
        var speakers = recorded.Turns.Where(t => t.Speaker is not null).Select(t => t.Speaker!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return Results.Created($"/api/v1/consultations/{id}", new ConsultationCreated(id, $"/api/v1/consultations/{id}", recorded.Turns.Count, speakers));
    }

    internal static IResult NotFound(string detail) =>
        Results.Problem(statusCode: 404, title: "Not found", detail: detail, type: "https://www.rfc-editor.org/rfc/rfc9110#status.404");
}
