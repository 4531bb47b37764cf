using ChiroClick.Domain.Waitlist;

namespace ChiroClick.Api.Waitlist;

/// <summary>
/// Body of <c>PUT /api/v1/crm/waitlist/{id}</c>: new wishes (fields left out stay), and/or <c>acceptOfferId</c>
/// (the patient took that offer: the entry closes as booked), and/or <c>close</c> (booked | removed | expired).
/// A closed entry cannot change (422).
/// </summary>
public sealed record UpdateWaitlistEntry(int? Priority = null, string? PreferredPractitioner = null, IReadOnlyList<TimeWindow>? Windows = null,
    string? Note = null, Guid? AcceptOfferId = null, WaitlistCloseReason? Close = null);

/// <summary><c>PUT /api/v1/crm/waitlist/{id}</c>.</summary>
public static class UpdateWaitlistEntryEndpoint
{
    /// <summary>400 for a bad priority or window.</summary>
    public static ProblemDetails Validate(UpdateWaitlistEntry c)
    {
        var errors = new Dictionary<string, string[]>();
        WaitlistInput.Check(errors, c.Priority, c.Windows);
        return Problems.Validation(errors);
    }

    /// <summary>Decides and appends; 404 for an unknown entry.</summary>
    [WolverinePut("/api/v1/crm/waitlist/{id:guid}", OperationId = "updateWaitlistEntry", Summary = "Update, close or answer the offer of a waitlist entry")]
    [ChiroClick.Api.Common.BusinessRuleResponse]
    public static (IResult, Events) Put(UpdateWaitlistEntry c, [WriteAggregate] WaitlistEntry entry, TimeProvider clock)
    {
        var wishes = new WaitlistWishes(c.Priority, c.PreferredPractitioner, c.Windows, c.Note);
        var decision = WaitlistDecisions.Update(entry, wishes, c.AcceptOfferId, c.Close, clock.GetUtcNow());
        if (decision.Error is { } error) return (Problems.From(error), new Events());
        var events = new Events();
        events.AddRange(decision.Events);
        return (Results.Ok(new { id = entry.Id, version = entry.Version + events.Count, eventsAppended = events.Count }), events);
    }
}
