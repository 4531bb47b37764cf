using ChiroClick.Domain.Telephony;
using ChiroClick.Projections.Telephony;
using Wolverine.Persistence;

namespace ChiroClick.Api.Telephony;

/// <summary>A call in the call log list (the detail adds the transcript and the notes).</summary>
/// <param name="Id">Call id.</param>
/// <param name="CallId">The phone system's call id, or null for an attempt staff logged.</param>
/// <param name="Direction">inbound or outbound.</param>
/// <param name="Source">phone_system or staff.</param>
/// <param name="Number">The other party's number (E.164 when valid).</param>
/// <param name="PatientIds">Matched patients.</param>
/// <param name="LeadIds">Matched leads.</param>
/// <param name="StartedAt">Start.</param>
/// <param name="Outcome">answered, missed, voicemail, or null while ringing / not reported.</param>
/// <param name="DurationSeconds">Talk time or voicemail length, when reported.</param>
/// <param name="CalledBackAt">When a missed call was called back, or null.</param>
/// <param name="HasTranscript">Whether a transcript is kept.</param>
/// <param name="Notes">Number of notes.</param>
public sealed record CallListItem(Guid Id, string? CallId, CallDirection Direction, CallSource Source, string Number, IReadOnlyList<Guid> PatientIds,
    IReadOnlyList<Guid> LeadIds, DateTimeOffset StartedAt, CallOutcome? Outcome, int? DurationSeconds, DateTimeOffset? CalledBackAt, bool HasTranscript,
    int Notes)
{
    /// <summary>From the read model.</summary>
    public static CallListItem From(CallSummary c) => new(c.Id, c.CallId, c.Direction, c.Source, c.Number, c.PatientIds, c.LeadIds, c.StartedAt,
        c.Outcome, c.DurationSeconds, c.CalledBackAt, c.Transcript is not null, c.Notes.Count);
}

/// <summary><c>GET /api/v1/telephony/calls</c> and <c>GET /api/v1/telephony/calls/{id}</c>: the call log.</summary>
public static class GetCallsEndpoint
{
    /// <summary>
    /// Calls, newest first, paged (<c>page</c> from 1, <c>pageSize</c> 1..200): <c>from</c>/<c>to</c> bound the start (from inclusive,
    /// to exclusive), <c>patientId</c> keeps the calls attributed to that patient, <c>outcome</c> is answered, missed or voicemail.
    /// </summary>
    [WolverineGet("/api/v1/telephony/calls", OperationId = "listCalls", Summary = "List calls, newest first, with filters and paging")]
    [ProducesResponseType<Paged<CallListItem>>(200)]
    public static async Task<IResult> List(IQuerySession session, string? from, string? to, string? patientId, string? outcome, string? page,
        string? pageSize, CancellationToken ct)
    {
        var bad0 = QueryValues.Time(from, "from", out var fromAt);
        var bad1 = QueryValues.Time(to, "to", out var toAt);
        var bad2 = QueryValues.Guid(patientId, "patientId", out var patient);
        var bad3 = QueryValues.Enum<CallOutcome>(outcome, "outcome", out var wanted);
        var bad4 = Paging.Check(page, pageSize, out var number, out var size);
        if ((bad0 ?? bad1 ?? bad2 ?? bad3 ?? bad4) is { } bad) return bad;
        IQueryable<CallSummary> query = session.Query<CallSummary>();
        if (fromAt is { } f) query = query.Where(c => c.StartedAt >= f);
        if (toAt is { } t) query = query.Where(c => c.StartedAt < t);
        if (patient is { } p) query = query.Where(c => c.PatientIds.Contains(p));
        if (wanted is { } w) query = query.Where(c => c.Outcome == w);
        return Results.Ok(await Paging.PageAsync(query.OrderByDescending(c => c.StartedAt).ThenBy(c => c.Id), number, size, CallListItem.From, ct));
    }

    /// <summary>One call with its transcript and notes; 404 when unknown.</summary>
    [WolverineGet("/api/v1/telephony/calls/{id:guid}", OperationId = "getCall", Summary = "Get one call with its transcript and notes")]
    public static CallSummary Get([Entity] CallSummary call) => call;
}
