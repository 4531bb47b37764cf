using ChiroClick.Domain.Appointments;
using ChiroClick.Projections.Appointments;
using Wolverine.Persistence;

namespace ChiroClick.Api.Appointments;

/// <summary><c>GET /api/v1/appointments?from=&amp;to=&amp;practitioner=&amp;patientId=&amp;status=&amp;page=&amp;pageSize=</c> and <c>GET /api/v1/appointments/{id}</c>.</summary>
public static class GetAppointmentsEndpoint
{
    /// <summary>
    /// Appointments by start time (then id): <c>from</c>/<c>to</c> bound the start (from inclusive, to exclusive), <c>practitioner</c>
    /// matches exactly (case-insensitive), <c>status</c> is a wire name (booked, confirmed, checked_in, completed, cancelled, no_show).
    /// </summary>
    [WolverineGet("/api/v1/appointments", OperationId = "listAppointments", Summary = "List appointments by start time with filters and paging")]
    [ProducesResponseType<Paged<AppointmentSummary>>(200)]
    public static async Task<IResult> List(IQuerySession session, string? from, string? to, string? practitioner, string? patientId,
        string? status, string? page, string? pageSize, CancellationToken ct)
    {
        var bad0 = QueryValues.Time(from, "from", out var fromAt);
        var bad1 = QueryValues.Time(to, "to", out var toAt);
        var bad2 = QueryValues.Guid(patientId, "patientId", out var patient);
        var bad3 = QueryValues.Enum<AppointmentStatus>(status, "status", out var wanted);
        var bad4 = Paging.Check(page, pageSize, out var number, out var size);
        if ((bad0 ?? bad1 ?? bad2 ?? bad3 ?? bad4) is { } bad) return bad;
        return Results.Ok(await AppointmentQueries.ListAsync(session, new AppointmentFilter(fromAt, toAt, practitioner, patient, wanted), number, size, ct));
    }

    /// <summary>One appointment; 404 when unknown.</summary>
    [WolverineGet("/api/v1/appointments/{id:guid}", OperationId = "getAppointment", Summary = "Get one appointment")]
    public static AppointmentSummary Get([Entity] AppointmentSummary appointment) => appointment;
}
