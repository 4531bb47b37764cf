using ChiroClick.Domain.Telephony;
using ChiroClick.Projections.Leads;
using ChiroClick.Projections.Patients;

namespace ChiroClick.Api.Telephony;

/// <summary>Body of <c>POST /api/v1/telephony/calls</c>: the number staff are calling, and optionally who it is.</summary>
/// <param name="To">Number called, any Norwegian spelling (required, a valid number).</param>
/// <param name="PatientId">The patient called, or null (then the number's patients and leads are matched).</param>
/// <param name="LeadId">The lead called, or null.</param>
public sealed record LogOutboundCall(string? To, Guid? PatientId, Guid? LeadId);

/// <summary>Answer to a logged call (201).</summary>
/// <param name="Id">The call's id.</param>
/// <param name="Url">Its URL.</param>
public sealed record CallCreated(Guid Id, string Url) : CreationResponse(Url);

/// <summary>
/// <c>POST /api/v1/telephony/calls</c>: logs an outbound attempt (CallLogged, outbound, source staff). It counts as an attempt on the
/// number's open call tasks: with their <c>maxAttempts</c> they come back after <c>retryAfterHours</c> unless a call to the number is
/// answered.
/// </summary>
public static class LogOutboundCallEndpoint
{
    /// <summary>400 without a valid number.</summary>
    public static ProblemDetails Validate(LogOutboundCall c)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(c.To)) errors.Add("to", "to is required.");
        else if (!NorwegianPhone.TryNormalise(c.To, out _)) errors.Add("to", "to is not a valid phone number.");
        return Problems.Validation(errors);
    }

    /// <summary>Logs the attempt; 404 for an unknown patient or lead.</summary>
    [WolverinePost("/api/v1/telephony/calls", OperationId = "logOutboundCall", Summary = "Log an outbound call attempt")]
    [ProducesResponseType<CallCreated>(201)]
    public static async Task<IResult> Post(LogOutboundCall c, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        if (c.PatientId is { } pid && await session.LoadAsync<PatientSummary>(pid, ct) is null)
            return Results.Problem(statusCode: 404, title: "Not found", detail: $"No patient {pid}.", type: "https://www.rfc-editor.org/rfc/rfc9110#status.404");
        if (c.LeadId is { } lid && await session.LoadAsync<LeadSummary>(lid, ct) is null)
            return Results.Problem(statusCode: 404, title: "Not found", detail: $"No lead {lid}.", type: "https://www.rfc-editor.org/rfc/rfc9110#status.404");
        var match = await CallerLookup.MatchAsync(session, c.To!, ct);
        if (c.PatientId is not null || c.LeadId is not null)
            match = match with { PatientIds = c.PatientId is { } p ? [p] : [], LeadIds = c.LeadId is { } l ? [l] : [] };
        var id = Guid.CreateVersion7();
        session.Events.StartStream<Call>(id, CallDecisions.LogOutbound(id, match, clock.GetUtcNow()));
        return Results.Created($"/api/v1/telephony/calls/{id}", new CallCreated(id, $"/api/v1/telephony/calls/{id}"));
    }
}
