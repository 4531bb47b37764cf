using ChiroClick.Api.Common;
using ChiroClick.Domain.Common;
using ChiroClick.Domain.Waitlist;
using ChiroClick.Projections.Patients;
using ChiroClick.Projections.Waitlist;
using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;
using ChiroClick.Api.Clinics;

namespace ChiroClick.Api.Waitlist;

/// <summary>Body of <c>POST /api/v1/crm/waitlist</c>.</summary>
public sealed record AddWaitlistEntry(Guid? PatientId, string? PreferredPractitioner = null, IReadOnlyList<TimeWindow>? Windows = null,
    int Priority = 3, string? Note = null);

/// <summary>Answer to an added entry (201).</summary>
public sealed record WaitlistEntryCreated(Guid Id, string Url) : CreationResponse(Url);

/// <summary>
/// Body of <c>PUT /api/v1/crm/waitlist/{id}</c>: new wishes (fields left out stay), and/or <c>acceptOfferId</c>
/// (the patient took that offer: the entry closes as booked), and/or <c>close</c> (booked | removed | expired).
/// A closed entry cannot change (422).
/// </summary>
public sealed record UpdateWaitlistEntry(int? Priority = null, string? PreferredPractitioner = null, IReadOnlyList<TimeWindow>? Windows = null,
    string? Note = null, Guid? AcceptOfferId = null, WaitlistCloseReason? Close = null);

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

internal static class WaitlistInput
{
    public static void Check(Dictionary<string, string[]> errors, int? priority, IReadOnlyList<TimeWindow>? windows)
    {
        if (priority is < 1 or > 5) errors.Add("priority", "priority is 1 (low) .. 5 (urgent).");
        if (windows?.Any(w => w is null || w.To <= w.From) == true) errors.Add("windows", "Each window needs from < to.");
    }

    public static WaitlistEntry ToAggregate(WaitlistEntrySummary s) =>
        new(s.Id, s.PatientId, s.PreferredPractitioner, s.Windows, s.Priority, s.Note, s.ClosedAs, s.Offers) { Version = s.Version };

    /// <summary>Pending offers that lapsed by <paramref name="now"/> (or all pending ones when <paramref name="all"/>).</summary>
    public static IEnumerable<WaitlistOfferExpired> Lapsed(WaitlistEntry e, DateTimeOffset now, bool all = false) =>
        e.Offers.Where(o => o.Status == WaitlistOfferStatus.Pending && (all || o.ExpiresAt <= now)).Select(o => new WaitlistOfferExpired(e.Id, o.OfferId, now));
}

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
    public static async Task<IResult> Post(AddWaitlistEntry c, IDocumentSession session, CancellationToken ct)
    {
        if (await session.LoadAsync<PatientSummary>(c.PatientId!.Value, ct) is null)
            return Results.Problem(statusCode: 404, title: "Not found", detail: $"No patient {c.PatientId} in this clinic.");
        var id = Guid.CreateVersion7();
        session.Events.StartStream<WaitlistEntry>(id, new WaitlistEntryAdded(id, c.PatientId.Value,
            string.IsNullOrWhiteSpace(c.PreferredPractitioner) ? null : c.PreferredPractitioner.Trim(), c.Windows ?? [], c.Priority,
            string.IsNullOrWhiteSpace(c.Note) ? null : c.Note.Trim()));
        var url = $"/api/v1/crm/waitlist/{id}";
        return Results.Created(url, new WaitlistEntryCreated(id, url));
    }
}

/// <summary><c>GET /api/v1/crm/waitlist?open=true&amp;patientId=&amp;page=&amp;pageSize=</c>: highest priority first, then longest waiting.</summary>
public static class GetWaitlistEndpoint
{
    /// <summary>Queries the entries.</summary>
    [WolverineGet("/api/v1/crm/waitlist", OperationId = "listWaitlistEntries", Summary = "List waitlist entries by priority")]
    [ProducesResponseType<Paged<WaitlistEntrySummary>>(200)]
    public static async Task<IResult> Get(IQuerySession session, string? open, string? patientId, string? page, string? pageSize, CancellationToken ct)
    {
        var bad0 = QueryValues.Bool(open, "open", out var isOpen);
        var bad1 = QueryValues.Guid(patientId, "patientId", out var patient);
        var bad2 = Paging.Check(page, pageSize, out var number, out var size);
        var bad = bad0 ?? bad1 ?? bad2;
        if (bad is not null) return bad;
        IQueryable<WaitlistEntrySummary> query = session.Query<WaitlistEntrySummary>();
        if (isOpen is { } o) query = query.Where(x => x.Open == o);
        if (patient is { } p) query = query.Where(x => x.PatientId == p);
        var results = await query.OrderByDescending(x => x.Priority).ThenBy(x => x.AddedAt).ThenBy(x => x.Id).ToPagedListAsync(number, size, ct);
        return Results.Ok(new Paged<WaitlistEntrySummary>(results.ToList(), number, size, results.TotalItemCount));
    }
}

/// <summary><c>GET /api/v1/crm/waitlist/{id}</c>: one entry with its offers; 404 when unknown.</summary>
public static class GetWaitlistEntryEndpoint
{
    /// <summary>Reads the inline projection.</summary>
    [WolverineGet("/api/v1/crm/waitlist/{id:guid}", OperationId = "getWaitlistEntry", Summary = "Get one waitlist entry")]
    public static WaitlistEntrySummary Get([Entity] WaitlistEntrySummary entry) => entry;
}

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
        var now = clock.GetUtcNow();
        if (!entry.IsOpen) return (Problems.From(DomainError.Rule("The waitlist entry is closed.")), new Events());
        var events = new Events();
        if (c.Priority is not null || c.PreferredPractitioner is not null || c.Windows is not null || c.Note is not null)
            events.Add(new WaitlistEntryUpdated(entry.Id,
                c.PreferredPractitioner is null ? entry.PreferredPractitioner : string.IsNullOrWhiteSpace(c.PreferredPractitioner) ? null : c.PreferredPractitioner.Trim(),
                c.Windows ?? entry.Windows, c.Priority ?? entry.Priority, c.Note ?? entry.Note));
        if (c.AcceptOfferId is { } offerId)
        {
            var offer = entry.Offers.FirstOrDefault(o => o.OfferId == offerId);
            if (offer is null || offer.Status != WaitlistOfferStatus.Pending || offer.ExpiresAt <= now)
                return (Problems.From(DomainError.Rule("That offer is unknown, already answered or expired.")), new Events());
            events.Add(new WaitlistOfferAccepted(entry.Id, offerId, now));
            events.AddRange(WaitlistInput.Lapsed(entry with { Offers = entry.Offers.Where(o => o.OfferId != offerId).ToList() }, now, all: true));
            events.Add(new WaitlistEntryClosed(entry.Id, WaitlistCloseReason.Booked, now));
        }
        else if (c.Close is { } reason)
        {
            events.AddRange(WaitlistInput.Lapsed(entry, now, all: true));
            events.Add(new WaitlistEntryClosed(entry.Id, reason, now));
        }
        return (Results.Ok(new { id = entry.Id, version = entry.Version + events.Count, eventsAppended = events.Count }), events);
    }
}

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
    public static async Task<IResult> Post(NotifyWaitlist c, IDocumentSession session, TimeProvider clock, Campaigns.IEmailSender email,
        Campaigns.ISmsSender sms, CancellationToken ct)
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

/// <summary>Command: record WaitlistOfferExpired for every pending offer of the message's tenant whose time ran out.</summary>
// Stored message name from before the feature folders (durable envelopes of an existing database still carry it).
[Wolverine.Attributes.MessageIdentity("ChiroClick.Api.Crm.ExpireWaitlistOffers")]
public sealed record ExpireWaitlistOffers;

/// <summary>Wolverine handler of <see cref="ExpireWaitlistOffers"/> (sent by <see cref="Patients.LifecycleScheduler"/> with the sweep); "now" from the injected clock.</summary>
public static class ExpireWaitlistOffersHandler
{
    /// <summary>Appends the expiries (committed by Wolverine's transaction).</summary>
    public static async Task Handle(ExpireWaitlistOffers _, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var open = await session.Query<WaitlistEntrySummary>().Where(x => x.Open).ToListAsync(ct);
        foreach (var summary in open)
        {
            var entry = WaitlistInput.ToAggregate(summary);
            var lapsed = WaitlistInput.Lapsed(entry, now).Cast<object>().ToArray();
            if (lapsed.Length > 0) session.Events.Append(entry.Id, entry.Version + lapsed.Length, lapsed);
        }
    }
}
