using ChiroClick.Domain.Patients;

namespace ChiroClick.Projections.Patients;

/// <summary>One visit as listed in a patient's history.</summary>
/// <param name="VisitId">Visit id.</param>
/// <param name="CompletedAt">Business time of the visit (UTC).</param>
/// <param name="Practitioner">Practitioner or null.</param>
/// <param name="Icpc2Codes">ICPC-2 codes.</param>
/// <param name="Treatment">Treatment text or null.</param>
/// <param name="ExternalId">Source-system id of imported visits.</param>
public sealed record VisitEntry(Guid VisitId, DateTimeOffset CompletedAt, string? Practitioner, IReadOnlyList<string> Icpc2Codes,
    string? Treatment, string? ExternalId);

/// <summary>
/// A patient's visits in time order (inline). Also the input of the retention figures (cohorts, churn),
/// which are computed from the visits' business times on each request.
/// </summary>
public sealed class PatientVisits
{
    /// <summary>Patient id.</summary>
    public Guid Id { get; set; }
    /// <summary>Visits ordered by <see cref="VisitEntry.CompletedAt"/>, then visit id.</summary>
    public List<VisitEntry> Visits { get; set; } = new();
}

/// <summary>Inline single-stream projection building <see cref="PatientVisits"/>.</summary>
public sealed class PatientVisitsProjection : SingleStreamProjection<PatientVisits, Guid>
{
    /// <summary>Every registered patient has a (possibly empty) history.</summary>
    public static PatientVisits Create(IEvent<PatientRegistered> e) => new() { Id = e.Data.PatientId };

    /// <summary>Inserts the visit in time order.</summary>
    public static void Apply(IEvent<VisitCompleted> e, PatientVisits v)
    {
        var d = e.Data;
        var entry = new VisitEntry(d.VisitId, d.CompletedAt, d.Practitioner, d.Icpc2Codes, d.Treatment, d.ExternalId);
        var at = v.Visits.FindLastIndex(x => x.CompletedAt <= d.CompletedAt);
        v.Visits.Insert(at + 1, entry);
    }
}
