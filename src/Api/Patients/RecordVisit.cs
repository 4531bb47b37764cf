using ChiroClick.Api.Clinics;
using ChiroClick.Domain.Patients;

namespace ChiroClick.Api.Patients;

/// <summary>
/// Body of <c>POST /api/v1/patients/{id}/visits</c>. <c>completedAt</c> defaults to now and may not be in the
/// future; <c>icpc2Codes</c> are ICPC-2 codes (letter + two digits, e.g. "L03").
/// </summary>
public sealed record RecordVisit(
    DateTimeOffset? CompletedAt = null,
    string? Practitioner = null,
    IReadOnlyList<string>? Icpc2Codes = null,
    string? Treatment = null);

/// <summary>Answer to a recorded visit: the visit and the patient's lifecycle stage after it.</summary>
public sealed record VisitRecorded(Guid PatientId, Guid VisitId, DateTimeOffset CompletedAt, LifecycleStage Stage, int Version);

/// <summary>Records a visit: VisitCompleted plus the lifecycle moves it causes (see <see cref="PatientDecisions.RecordVisit"/>).</summary>
public static class RecordVisitEndpoint
{
    /// <summary>400 for a visit in the future, malformed ICPC-2 codes or over-long texts.</summary>
    public static ProblemDetails Validate(RecordVisit command, TimeProvider clock)
    {
        var errors = new Dictionary<string, string[]>();
        if (command.CompletedAt is { } at && at > clock.GetUtcNow().AddMinutes(5)) errors.Add("completedAt", "completedAt is in the future.");
        foreach (var code in command.Icpc2Codes ?? [])
            if (!PatientInput.Icpc2().IsMatch(code?.Trim().ToUpperInvariant() ?? ""))
                errors.Add("icpc2Codes", $"'{code}' is not an ICPC-2 code (a chapter letter and two digits, e.g. L03).");
        if (command.Practitioner is { Length: > PatientInput.MaxNameLength }) errors.Add("practitioner", "practitioner is too long.");
        if (command.Treatment is { Length: > PatientInput.MaxTextLength }) errors.Add("treatment", "treatment is too long.");
        return Problems.Validation(errors);
    }

    /// <summary>Decides and appends.</summary>
    [WolverinePost("/api/v1/patients/{id:guid}/visits", OperationId = "recordVisit", Summary = "Record a completed visit")]
    [ProducesResponseType<VisitRecorded>(201)]
    public static async Task<(IResult, Events)> Post(RecordVisit command, [WriteAggregate] Patient patient, IDocumentSession session,
        TimeProvider clock, CancellationToken ct)
    {
        var settings = await ClinicSettingsStore.ForSessionAsync(session, ct);
        var visit = new VisitCompleted(patient.Id, Guid.CreateVersion7(), command.CompletedAt?.ToUniversalTime() ?? clock.GetUtcNow(),
            string.IsNullOrWhiteSpace(command.Practitioner) ? null : command.Practitioner.Trim(),
            (command.Icpc2Codes ?? []).Select(c => c.Trim().ToUpperInvariant()).Distinct().ToList(),
            string.IsNullOrWhiteSpace(command.Treatment) ? null : command.Treatment.Trim());
        var decided = PatientDecisions.RecordVisit(patient, visit, settings.CheckInFrequencyDays);
        var after = patient.Replayed(decided);
        var events = new Events();
        events.AddRange(decided);
        return (Results.Created($"/api/v1/patients/{patient.Id}/visits",
            new VisitRecorded(patient.Id, visit.VisitId, visit.CompletedAt, after.Stage, patient.Version + events.Count)), events);
    }
}
