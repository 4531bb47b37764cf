using ChiroClick.Api.Messaging;
using ChiroClick.Api.Clinics;
using ChiroClick.Domain.Common;

namespace ChiroClick.Api.Waitlist;

/// <summary>
/// Body of <c>POST /api/v1/crm/waitlist/notify</c>: the freed slot as <c>{appointmentId}</c> (a cancelled or no-show appointment)
/// or <c>{practitioner, start, end}</c> (<c>slotStart</c>/<c>slotEnd</c> are the older names of start/end), and how many entries to
/// offer it to (1..20, default the clinic's <c>waitlistOffersAtOnce</c>).
/// </summary>
public sealed record NotifyWaitlist(DateTimeOffset? SlotStart = null, DateTimeOffset? SlotEnd = null, string? Practitioner = null, int? MaxOffers = null,
    Guid? AppointmentId = null, DateTimeOffset? Start = null, DateTimeOffset? End = null);

/// <summary>One offer made by a notify call.</summary>
public sealed record OfferMade(Guid EntryId, Guid PatientId, Guid OfferId, int Priority, DateTimeOffset ExpiresAt);

/// <summary>Answer to a notify call: the offers sent (best first) and the stale offers it expired.</summary>
public sealed record NotifyResult(IReadOnlyList<OfferMade> Offers, int OffersExpired);

/// <summary>
/// <c>POST /api/v1/crm/waitlist/notify</c>: offers a freed slot to the best matching open entries by SMS
/// (<see cref="Waitlist.WaitlistOffers"/>): open, no live pending offer, preferred practitioner matches (or none), the slot fits a
/// window (or there are none). Lapsed pending offers of open entries are expired (WaitlistOfferExpired) first.
/// </summary>
public static class NotifyWaitlistEndpoint
{
    /// <summary>400 without a slot or appointment, for a reversed slot or a maxOffers outside 1..20.</summary>
    public static ProblemDetails Validate(NotifyWaitlist c)
    {
        var errors = new Dictionary<string, string[]>();
        var start = c.Start ?? c.SlotStart;
        var end = c.End ?? c.SlotEnd;
        if (c.AppointmentId is null && (start is null || end is null)) errors.Add("start", "Give appointmentId, or start and end.");
        else if (c.AppointmentId is null && end <= start) errors.Add("end", "end must be after start.");
        else if (c.AppointmentId is null && (start!.Value.UtcDateTime.Year is < 2000 or > 2100 || end!.Value.UtcDateTime.Year is < 2000 or > 2100))
            errors.Add("start", "start and end must lie in the years 2000..2100.");
        if (c.MaxOffers is < 1 or > 20) errors.Add("maxOffers", "maxOffers is 1..20.");
        return Problems.Validation(errors);
    }

    /// <summary>Matches and sends the offers; 404 for an unknown appointment, 422 for one that still holds its slot.</summary>
    [WolverinePost("/api/v1/crm/waitlist/notify", OperationId = "notifyWaitlist", Summary = "Offer a free slot to matching waitlist entries")]
    [ChiroClick.Api.Common.BusinessRuleResponse]
    [ProducesResponseType<NotifyResult>(200)]
    public static async Task<IResult> Post(NotifyWaitlist c, IDocumentSession session, TimeProvider clock, IEmailSender email,
        ISmsSender sms, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var settings = await ClinicSettingsStore.ForSessionAsync(session, ct);
        var (practitioner, start, end) = (c.Practitioner?.Trim(), c.Start ?? c.SlotStart, c.End ?? c.SlotEnd);
        if (c.AppointmentId is { } id)
        {
            var a = await session.LoadAsync<Projections.Appointments.AppointmentSummary>(id, ct);
            if (a is null) return Results.Problem(statusCode: 404, title: "Not found", detail: $"No appointment {id} in this clinic.");
            if (a.Status is not (Domain.Appointments.AppointmentStatus.Cancelled or Domain.Appointments.AppointmentStatus.NoShow))
                return Problems.From(DomainError.Rule("The appointment still holds its slot: cancel it first."));
            (practitioner, start, end) = (a.Practitioner, a.Start, a.End);
        }
        var (offers, expired) = await Waitlist.WaitlistOffers.OfferAsync(session, c.AppointmentId, practitioner, start!.Value, end!.Value,
            c.MaxOffers ?? settings.WaitlistOffersAtOnce, now, email, sms, ct);
        return Results.Ok(new NotifyResult(offers, expired));
    }
}
