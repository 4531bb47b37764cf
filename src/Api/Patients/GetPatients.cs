using ChiroClick.Domain.Patients;
using ChiroClick.Projections.Patients;
using Wolverine.Persistence;

namespace ChiroClick.Api.Patients;

/// <summary>
/// <c>GET /api/v1/patients?phone=&amp;q=&amp;stage=&amp;page=1&amp;pageSize=50</c>: the clinic's patients by name
/// (then id). <c>phone</c> is the caller-ID lookup: any spelling of a Norwegian number
/// (<c>+47 99 88 77 66</c>, <c>99887766</c>, <c>0047 99887766</c>) is normalised to E.164 and matched
/// exactly; an invalid number → 400. <c>q</c> matches name, e-mail and phone case-insensitively.
/// </summary>
public static class GetPatientsEndpoint
{
    /// <summary>Queries the patient summaries.</summary>
    [WolverineGet("/api/v1/patients", OperationId = "listPatients", Summary = "List or search patients (name, phone)")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<Paged<PatientSummary>>(200)]
    public static async Task<IResult> Get(IQuerySession session, string? phone, string? q, string? stage, string? page, string? pageSize,
        CancellationToken ct)
    {
        var bad0 = QueryValues.Enum<LifecycleStage>(stage, "stage", out var byStage);
        var bad1 = Paging.Check(page, pageSize, out var number, out var size);
        if ((bad0 ?? bad1) is { } bad) return bad;
        IQueryable<PatientSummary> query = session.Query<PatientSummary>();
        if (!string.IsNullOrWhiteSpace(phone))
        {
            if (!NorwegianPhone.TryNormalise(phone, out var e164) || e164 is null)
                return Problems.BadRequest($"'{phone}' is not a valid phone number.");
            query = query.Where(x => x.Phone == e164);
        }
        if (byStage is { } st) query = query.Where(x => x.Stage == st);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            query = query.Where(x => x.FullName.Contains(text, StringComparison.OrdinalIgnoreCase)
                                     || (x.Email != null && x.Email.Contains(text, StringComparison.OrdinalIgnoreCase))
                                     || (x.Phone != null && x.Phone.Contains(text)));
        }
        return Results.Ok(await Paging.PageAsync(query.OrderBy(x => x.FullName).ThenBy(x => x.Id), number, size, ct));
    }
}

/// <summary><c>GET /api/v1/patients/{id}</c>: one patient with version, lifecycle stage and visit figures; 404 when unknown.</summary>
public static class GetPatientEndpoint
{
    /// <summary>
    /// Reads the inline projection; with <c>?version=N</c> or <c>?asOf=ISO-8601</c> the patient as it was then,
    /// replayed from the patient's events.
    /// </summary>
    [WolverineGet("/api/v1/patients/{id:guid}", OperationId = "getPatient", Summary = "Get one patient")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<PatientSummary>(200)]
    public static Task<IResult> Get(Guid id, int? version, DateTimeOffset? asOf, IQuerySession session, CancellationToken ct) =>
        HistoricalRead.ReadAsync<PatientSummary>(session, id, version, asOf, "patient", p => p.Version, ct);
}

/// <summary><c>GET /api/v1/patients/{id}/visits</c>: the patient's visits, oldest first; 404 when the patient is unknown.</summary>
public static class GetVisitsEndpoint
{
    /// <summary>Reads the inline visit history.</summary>
    [WolverineGet("/api/v1/patients/{id:guid}/visits", OperationId = "listVisits", Summary = "List a patient's visits")]
    public static IReadOnlyList<VisitEntry> Get([Entity] PatientVisits visits) => visits.Visits;
}
