using ChiroClick.Domain.Waitlist;
using ChiroClick.Projections.Patients;

namespace ChiroClick.Api.Waitlist;

/// <summary>Body of <c>POST /api/v1/crm/waitlist</c>.</summary>
public sealed record AddWaitlistEntry(Guid? PatientId, string? PreferredPractitioner = null, IReadOnlyList<TimeWindow>? Windows = null,
    int Priority = 3, string? Note = null);

/// <summary>Answer to an added entry (201).</summary>
public sealed record WaitlistEntryCreated(Guid Id, string Url) : CreationResponse(Url);

/// <summary><c>POST /api/v1/crm/waitlist</c>: WaitlistEntryAdded; 404 for an unknown patient.</summary>
public static class AddWaitlistEntryEndpoint
{
    /// <summary>400 without a patient, a priority outside 1..5 or an empty window.</summary>
    public static ProblemDetails Validate(AddWaitlistEntry c)
    {
        var errors = new Dictionary<string, string[]>();
        if (c.PatientId is null) errors.Add("patientId", "patientId is required.");
        WaitlistInput.Check(errors, c.Priority, c.Windows);
        return Problems.Validation(errors);
    }

    /// <summary>Adds the entry.</summary>
    [WolverinePost("/api/v1/crm/waitlist", OperationId = "addWaitlistEntry", Summary = "Put a patient on the waitlist")]
    [ProducesResponseType<WaitlistEntryCreated>(201)]
    public static async Task<(IResult, IStartStream?)> Post(AddWaitlistEntry c, IQuerySession session, CancellationToken ct)
    {
        if (await session.LoadAsync<PatientSummary>(c.PatientId!.Value, ct) is null)
            return (Results.Problem(statusCode: 404, title: "Not found", detail: $"No patient {c.PatientId} in this clinic."), null);
        var id = Guid.CreateVersion7();
        var added = WaitlistDecisions.Add(id, c.PatientId.Value, c.PreferredPractitioner, c.Windows, c.Priority, c.Note);
        var url = $"/api/v1/crm/waitlist/{id}";
        return (Results.Created(url, new WaitlistEntryCreated(id, url)), MartenOps.StartStream<WaitlistEntry>(id, added));
    }
}
