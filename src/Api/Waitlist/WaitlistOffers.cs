using ChiroClick.Api.Appointments;
using ChiroClick.Api.Clinics;
using ChiroClick.Api.Messaging;
using ChiroClick.Domain.Appointments;
using ChiroClick.Domain.Communications;
using ChiroClick.Domain.Patients;
using ChiroClick.Domain.Waitlist;
using ChiroClick.Projections.Waitlist;

namespace ChiroClick.Api.Waitlist;

/// <summary>
/// Waitlist offers that reach patients. A freed slot (a cancelled appointment, or a slot given to
/// <c>POST /api/v1/crm/waitlist/notify</c>) is offered to the best matching open entries (priority, then longest waiting;
/// <c>waitlistOffersAtOnce</c> of them): WaitlistOfferSent (expiring after <c>waitlistOfferMinutes</c>) and, where the patient
/// has a phone and the care consent for SMS, "Ledig time ... Svar JA for å ta den" as an SMS question. The first JA books the slot
/// (AppointmentBooked + WaitlistOfferAccepted + WaitlistEntryClosed booked); the others' offers close and they get "Timen er
/// dessverre tatt". The booked appointment's id is UUIDv5 of the slot, so two JA racing each other commit one booking: the other
/// transaction fails on the existing stream and, retried, finds the slot taken.
/// </summary>
public static class WaitlistOffers
{
    /// <summary>The "slot taken" text.</summary>
    public const string SlotTakenText = "Timen er dessverre tatt. Du står fortsatt på ventelisten.";

    /// <summary>Stable key of a slot: the freed appointment, or practitioner + start + end.</summary>
    public static string SlotKey(Guid? appointmentId, string? practitioner, DateTimeOffset start, DateTimeOffset end) =>
        appointmentId is { } id ? $"appointment:{id}" : $"slot:{practitioner?.ToLowerInvariant()}:{start.ToUnixTimeMilliseconds()}:{end.ToUnixTimeMilliseconds()}";

    /// <summary>The offer SMS.</summary>
    public static string OfferText(string clinic, string? practitioner, DateTimeOffset start)
    {
        var (day, time) = AppointmentReminders.NorwegianDayAndTime(start);
        var who = string.IsNullOrWhiteSpace(practitioner) ? "" : $" ({practitioner})";
        return $"Ledig time hos {clinic} {day} kl. {time}{who}. Svar JA for å ta den.";
    }

    /// <summary>
    /// Expires lapsed offers of open entries, then offers the slot to at most <paramref name="maxOffers"/> matching entries. Returns
    /// the offers made (best first) and how many lapsed offers were expired.
    /// </summary>
    public static async Task<(List<OfferMade> Offers, int Expired)> OfferAsync(IDocumentSession session, Guid? appointmentId, string? practitioner,
        DateTimeOffset start, DateTimeOffset end, int maxOffers, DateTimeOffset now, IEmailSender email, ISmsSender sms, CancellationToken ct)
    {
        var settings = await ClinicSettingsStore.ForSessionAsync(session, ct);
        var open = (await session.Query<WaitlistEntrySummary>().Where(x => x.Open).ToListAsync(ct))
            .OrderByDescending(x => x.Priority).ThenBy(x => x.AddedAt).ThenBy(x => x.Id).ToList();
        var key = SlotKey(appointmentId, practitioner, start, end);
        var offers = new List<OfferMade>();
        var expired = 0;
        string? clinic = null;
        foreach (var summary in open)
        {
            var entry = WaitlistInput.ToAggregate(summary);
            var events = new List<object>(WaitlistInput.Lapsed(entry, now));
            expired += events.Count;
            var current = events.Aggregate(entry, (e, x) => e.Apply((WaitlistOfferExpired)x));
            var offerId = Import.DeterministicGuid.Create(entry.Id, $"offer:{key}:{current.Offers.Count}");
            if (offers.Count < maxOffers && current.Offers.All(o => o.OfferId != offerId) && current.Matches(start, end, practitioner, now))
            {
                var offer = new WaitlistOfferSent(entry.Id, offerId, start, end, practitioner, now, now.AddMinutes(settings.WaitlistOfferMinutes));
                events.Add(offer);
                offers.Add(new OfferMade(entry.Id, entry.PatientId, offerId, entry.Priority, offer.ExpiresAt));
                var to = await MessageRecipient.LoadAsync(session, entry.PatientId, null, ct);
                if (to is not null && to.Can(CommunicationChannel.Sms, ConsentPurpose.Care))
                {
                    clinic ??= await AppointmentCalendar.ClinicNameAsync(session, ct);
                    var commId = Import.DeterministicGuid.Create(offerId, "offer-sms");
                    await OutboundMessaging.AskAsync(session, commId, to, "Ledig time", OfferText(clinic, practitioner, start), "waitlist-offer",
                        OutboundMessaging.Question(SmsQuestionKind.WaitlistOffer, commId, to, now, offer.ExpiresAt, appointmentId, entry.Id, offerId),
                        email, sms, now, ct);
                }
            }
            if (events.Count > 0) session.Events.Append(entry.Id, entry.Version + events.Count, events.ToArray());
        }
        return (offers, expired);
    }

    /// <summary>
    /// A JA to an offer: books the slot when the offer is still pending and the slot free, closes the entry as booked, and closes
    /// the other offers of the slot telling their patients; otherwise tells the sender the slot is taken.
    /// </summary>
    public static async Task<InboundSmsOutcome> AcceptAsync(IDocumentSession session, Domain.Communications.SmsQuestion q, Guid? inboundId,
        DateTimeOffset now, IEmailSender email, ISmsSender sms, OutgoingMessages messages, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<WaitlistEntry>(q.WaitlistEntryId!.Value, ct);
        var entry = stream.Aggregate;
        var offer = entry?.Offers.FirstOrDefault(o => o.OfferId == q.OfferId);
        var practitioner = offer?.Practitioner ?? entry?.PreferredPractitioner ?? "";
        await AppointmentSlots.LockPractitionerAsync(session, practitioner, ct);
        var free = offer is { Status: WaitlistOfferStatus.Pending } && offer.ExpiresAt > now && entry!.IsOpen &&
                   await AppointmentSlots.ConflictAsync(session, practitioner, offer.SlotStart, offer.SlotEnd, null, ct) is null;
        if (!free)
        {
            await TellTakenAsync(session, q, inboundId, now, email, sms, ct);
            return InboundSmsOutcome.SlotTaken;
        }
        var key = SlotKey(q.AppointmentId, offer!.Practitioner, offer.SlotStart, offer.SlotEnd);
        var appointmentId = Import.DeterministicGuid.Create(Guid.Empty, $"waitlist-booking:{key}");
        var booked = new AppointmentBooked(appointmentId, entry!.PatientId, null, practitioner, offer.SlotStart, offer.SlotEnd, "konsultasjon", entry.Id);
        session.Events.StartStream<Appointment>(appointmentId, booked);
        var events = new List<object> { new WaitlistOfferAccepted(entry.Id, offer.OfferId, now) };
        events.AddRange(WaitlistInput.Lapsed(entry with { Offers = entry.Offers.Where(o => o.OfferId != offer.OfferId).ToList() }, now, all: true));
        events.Add(new WaitlistEntryClosed(entry.Id, WaitlistCloseReason.Booked, now));
        stream.AppendMany(events);
        InboundSmsRouter.Close(session, q, "booked", inboundId, now);
        await AppointmentReminders.PlanAsync(session, Appointment.Create(booked), now, messages, ct);

        // The other patients offered the same slot: their offers close and they are told.
        var others = await session.Query<Domain.Communications.SmsQuestion>()
            .Where(x => x.Kind == SmsQuestionKind.WaitlistOffer && !x.Answered && x.Id != q.Id).ToListAsync(ct);
        foreach (var other in others.Where(x => x.OfferId is not null && x.WaitlistEntryId is not null))
        {
            var otherEntry = await session.LoadAsync<WaitlistEntrySummary>(other.WaitlistEntryId!.Value, ct);
            var o = otherEntry?.Offers.FirstOrDefault(x => x.OfferId == other.OfferId);
            if (otherEntry is null || o is null || SlotKey(other.AppointmentId, o.Practitioner, o.SlotStart, o.SlotEnd) != key) continue;
            if (o.Status == WaitlistOfferStatus.Pending)
                session.Events.Append(otherEntry.Id, otherEntry.Version + 1, new WaitlistOfferExpired(otherEntry.Id, o.OfferId, now));
            await TellTakenAsync(session, other, null, now, email, sms, ct);
        }
        return InboundSmsOutcome.Booked;
    }

    /// <summary>A NEI to an offer: the offer closes (WaitlistOfferExpired), the entry stays on the list.</summary>
    public static async Task DeclineAsync(IDocumentSession session, Domain.Communications.SmsQuestion q, Guid? inboundId, DateTimeOffset now,
        CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<WaitlistEntry>(q.WaitlistEntryId!.Value, ct);
        if (stream.Aggregate?.Offers.FirstOrDefault(o => o.OfferId == q.OfferId) is { Status: WaitlistOfferStatus.Pending } offer)
            stream.AppendOne(new WaitlistOfferExpired(stream.Aggregate.Id, offer.OfferId, now));
        InboundSmsRouter.Close(session, q, "declined", inboundId, now);
    }

    private static async Task TellTakenAsync(IDocumentSession session, Domain.Communications.SmsQuestion q, Guid? inboundId, DateTimeOffset now,
        IEmailSender email, ISmsSender sms, CancellationToken ct)
    {
        var to = await MessageRecipient.LoadAsync(session, q.PatientId, q.LeadId, ct);
        if (to?.Phone is not null)
            await OutboundMessaging.SendAsync(session, Import.DeterministicGuid.Create(q.Id, "slot-taken"), to, CommunicationChannel.Sms,
                "Timen er tatt", SlotTakenText, "waitlist-slot-taken", email, sms, now, ct);
        if (!q.Answered) InboundSmsRouter.Close(session, q, "slot_taken", inboundId, now);
    }
}

/// <summary>Wolverine handler of <see cref="OfferFreedSlot"/> (cascaded by a cancellation).</summary>
public static class OfferFreedSlotHandler
{
    /// <summary>Offers the slot to <c>waitlistOffersAtOnce</c> entries, unless it has been booked again meanwhile.</summary>
    public static async Task Handle(OfferFreedSlot m, IDocumentSession session, TimeProvider clock, IEmailSender email, ISmsSender sms,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (m.Start <= now) return;
        if (m.Practitioner is { } p && await AppointmentSlots.ConflictAsync(session, p, m.Start, m.End, m.AppointmentId, ct) is not null) return;
        var settings = await ClinicSettingsStore.ForSessionAsync(session, ct);
        await WaitlistOffers.OfferAsync(session, m.AppointmentId, m.Practitioner, m.Start, m.End, settings.WaitlistOffersAtOnce, now, email, sms, ct);
    }
}
