using ChiroClick.Api.Clinics;
using ChiroClick.Domain.Appointments;
using ChiroClick.Domain.Patients;

namespace ChiroClick.Api.Appointments;


/// <summary>Body of <c>POST /api/v1/appointments/{id}/complete</c>: the visit's ICPC-2 codes and treatment, both optional.</summary>
public sealed record CompleteAppointment(IReadOnlyList<string>? Icpc2Codes = null, string? Treatment = null);

/// <summary>
/// <c>POST /api/v1/appointments/{id}/complete</c>: AppointmentCompleted, and for a patient the visit through the patient's own rules
/// (<see cref="PatientDecisions.RecordVisit"/>: VisitCompleted plus the lifecycle moves it causes), in one transaction, so
/// retention, lifecycle and the visit_completed workflows see it like any recorded visit.
/// </summary>
public static class CompleteAppointmentEndpoint
{
    /// <summary>400 for malformed ICPC-2 codes or an over-long treatment.</summary>
    public static ProblemDetails Validate(CompleteAppointment c)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var code in c.Icpc2Codes ?? [])
            if (!Patients.PatientInput.Icpc2().IsMatch(code?.Trim().ToUpperInvariant() ?? ""))
                errors.Add("icpc2Codes", $"'{code}' is not an ICPC-2 code (a chapter letter and two digits, e.g. L03).");
        if (c.Treatment is { Length: > Patients.PatientInput.MaxTextLength }) errors.Add("treatment", "treatment is too long.");
        return Problems.Validation(errors);
    }

    /// <summary>404 unknown, 422 when cancelled, a no-show or already completed.</summary>
    [WolverinePost("/api/v1/appointments/{id:guid}/complete", OperationId = "completeAppointment", Summary = "Complete an appointment (records the visit)")]
    [BusinessRuleResponse]
    [ProducesResponseType<AppointmentChanged>(200)]
    public static async Task<(IResult, Events)> Post(CompleteAppointment c, [WriteAggregate] Appointment appointment, IDocumentSession session,
        TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var codes = (c.Icpc2Codes ?? []).Select(x => x.Trim().ToUpperInvariant()).Distinct().ToList();
        var treatment = string.IsNullOrWhiteSpace(c.Treatment) ? null : c.Treatment.Trim();
        Guid? visitId = appointment.PatientId is null ? null : Import.DeterministicGuid.Create(appointment.Id, "visit");
        var decision = AppointmentDecisions.Complete(appointment, visitId, codes, treatment, now);
        if (decision.Accepted && appointment.PatientId is { } patientId)
        {
            var patient = await session.Events.FetchForWriting<Patient>(patientId, ct);
            if (patient.Aggregate is { } p)
            {
                var settings = await ClinicSettingsStore.ForSessionAsync(session, ct);
                var visit = new VisitCompleted(p.Id, visitId!.Value, now, appointment.Practitioner, codes, treatment);
                patient.AppendMany(PatientDecisions.RecordVisit(p, visit, settings.CheckInFrequencyDays));
            }
        }
        return AppointmentAnswers.Of(appointment, decision);
    }
}
