using ChiroClick.Api.Common;
using ChiroClick.Api.Patients;
using ChiroClick.Api.Clinics;
using ChiroClick.Api.Waitlist;
using ChiroClick.Domain.Waitlist;
using ChiroClick.Projections.Waitlist;
using ChiroClick.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using ChiroClick.Tests.Patients;

namespace ChiroClick.Tests.Waitlist;

public sealed class WaitlistTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private async Task<Guid> Added(object body)
    {
        var result = await As(s => { s.Post.Json(body).ToUrl("/api/v1/crm/waitlist"); s.StatusCodeShouldBe(201); });
        return (await result.ReadAsJsonAsync<WaitlistEntryCreated>())!.Id;
    }

    private async Task<NotifyResult> Notify(object body)
    {
        var result = await As(s => { s.Post.Json(body).ToUrl("/api/v1/crm/waitlist/notify"); s.StatusCodeShouldBe(200); });
        return (await result.ReadAsJsonAsync<NotifyResult>())!;
    }

    [Fact]
    public async Task a_freed_slot_is_offered_to_the_best_matches_and_offers_are_tracked_until_accepted_or_expired()
    {
        var patients = new List<Guid>();
        for (var i = 0; i < 4; i++) patients.Add((await Host.RegisteredPatient(Clinic, $"Venter {i}")).Id);
        var e1 = await Added(new { patientId = patients[0], preferredPractitioner = "Kari", priority = 5,
            windows = new[] { new { day = "monday", from = "08:00:00", to = "12:00:00" } } });
        var e2 = await Added(new { patientId = patients[1], priority = 3 });
        var e3 = await Added(new { patientId = patients[2], preferredPractitioner = "Per", priority = 4 });
        var e4 = await Added(new { patientId = patients[3], priority = 1, windows = new[] { new { day = "tuesday", from = "08:00:00", to = "16:00:00" } } });
        var offset = TimeSpan.FromHours(1);
        var now = Fixture.Clock.GetUtcNow();
        var monday = new DateTimeOffset(now.Date.AddDays(7 + ((int)DayOfWeek.Monday - (int)now.DayOfWeek + 7) % 7), offset).AddHours(9);
        var slot = new { slotStart = monday, slotEnd = monday.AddMinutes(30), practitioner = "Kari", maxOffers = 2 };

        var first = await Notify(slot);
        first.Offers.Select(o => o.EntryId).ShouldBe([e1, e2]);
        (await Notify(slot)).Offers.ShouldBeEmpty(); // both still hold a live offer; e3 wants Per, e4 Tuesdays

        await As(s => { s.Put.Json(new { acceptOfferId = Guid.NewGuid() }).ToUrl($"/api/v1/crm/waitlist/{e1}"); s.StatusCodeShouldBe(422); });
        await As(s => { s.Put.Json(new { acceptOfferId = first.Offers[0].OfferId }).ToUrl($"/api/v1/crm/waitlist/{e1}"); s.StatusCodeShouldBe(200); });
        var booked = await Host.GetJson<WaitlistEntrySummary>(Clinic, $"/api/v1/crm/waitlist/{e1}");
        booked.Open.ShouldBeFalse();
        booked.ClosedAs.ShouldBe(WaitlistCloseReason.Booked);
        booked.Offers.Single().Status.ShouldBe(WaitlistOfferStatus.Accepted);

        Fixture.Clock.Advance(TimeSpan.FromHours(25)); // the default offer lasts 24 h
        var second = await Notify(slot);
        second.OffersExpired.ShouldBe(1);
        second.Offers.Single().EntryId.ShouldBe(e2);
        (await Host.GetJson<WaitlistEntrySummary>(Clinic, $"/api/v1/crm/waitlist/{e2}")).Offers.Select(o => o.Status)
            .ShouldBe([WaitlistOfferStatus.Expired, WaitlistOfferStatus.Pending]);

        await As(s => { s.Put.Json(new { close = "removed" }).ToUrl($"/api/v1/crm/waitlist/{e4}"); s.StatusCodeShouldBe(200); });
        await As(s => { s.Put.Json(new { priority = 2 }).ToUrl($"/api/v1/crm/waitlist/{e4}"); s.StatusCodeShouldBe(422); });
        await As(s => { s.Put.Json(new { priority = 2 }).ToUrl($"/api/v1/crm/waitlist/{e3}"); s.StatusCodeShouldBe(200); });

        var open = await Host.GetJson<Paged<WaitlistEntrySummary>>(Clinic, "/api/v1/crm/waitlist?open=true");
        open.Items.Select(x => x.Id).ShouldBe([e2, e3]);
        await WaitForProjections();
        (await Host.GetJson<CrmOverview>(Clinic, "/api/v1/crm/overview")).OpenWaitlistEntries.ShouldBe(2);
    }

    [Fact]
    public async Task the_scheduled_expiry_lapses_offers_whose_time_ran_out()
    {
        await As(s => s.Put.Json(new { waitlistOfferHours = 2 }).ToUrl("/api/v1/crm/settings"));
        var p = await Host.RegisteredPatient(Clinic);
        var entry = await Added(new { patientId = p.Id });
        var start = Fixture.Clock.GetUtcNow().AddDays(1);
        var offer = (await Notify(new { slotStart = start, slotEnd = start.AddMinutes(30) })).Offers.Single();
        offer.ExpiresAt.ShouldBe(Fixture.Clock.GetUtcNow().AddHours(2), TimeSpan.FromSeconds(5));

        var scheduler = Host.Services.GetRequiredService<LifecycleScheduler>();
        await scheduler.RunForEveryClinicAsync(CancellationToken.None);
        (await Host.GetJson<WaitlistEntrySummary>(Clinic, $"/api/v1/crm/waitlist/{entry}")).Offers.Single().Status.ShouldBe(WaitlistOfferStatus.Pending);

        Fixture.Clock.Advance(TimeSpan.FromHours(3));
        await scheduler.RunForEveryClinicAsync(CancellationToken.None);
        var after = await Host.GetJson<WaitlistEntrySummary>(Clinic, $"/api/v1/crm/waitlist/{entry}");
        after.Offers.Single().Status.ShouldBe(WaitlistOfferStatus.Expired);
        after.Open.ShouldBeTrue();
        await As(s => { s.Put.Json(new { acceptOfferId = offer.OfferId }).ToUrl($"/api/v1/crm/waitlist/{entry}"); s.StatusCodeShouldBe(422); });
    }

    [Fact]
    public async Task bad_waitlist_input_is_400_and_unknown_records_404()
    {
        var p = await Host.RegisteredPatient(Clinic);
        await As(s => { s.Post.Json(new { patientId = p.Id, priority = 9 }).ToUrl("/api/v1/crm/waitlist"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Json(new { priority = 3 }).ToUrl("/api/v1/crm/waitlist"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Json(new { patientId = Guid.NewGuid() }).ToUrl("/api/v1/crm/waitlist"); s.StatusCodeShouldBe(404); });
        await As(s => { s.Post.Json(new { patientId = p.Id, windows = new[] { new { day = "monday", from = "12:00:00", to = "08:00:00" } } }).ToUrl("/api/v1/crm/waitlist"); s.StatusCodeShouldBe(400); });
        var t = DateTimeOffset.UtcNow.AddDays(2);
        await As(s => { s.Post.Json(new { slotStart = t, slotEnd = t.AddMinutes(-5) }).ToUrl("/api/v1/crm/waitlist/notify"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Json(new { slotStart = t }).ToUrl("/api/v1/crm/waitlist/notify"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Get.Url($"/api/v1/crm/waitlist/{Guid.NewGuid()}"); s.StatusCodeShouldBe(404); });
        await As(s => { s.Put.Json(new { close = "removed" }).ToUrl($"/api/v1/crm/waitlist/{Guid.NewGuid()}"); s.StatusCodeShouldBe(404); });
        await As(s => { s.Put.Json(new { close = "vanished" }).ToUrl($"/api/v1/crm/waitlist/{Guid.NewGuid()}"); s.StatusCodeShouldBe(400); });
        (await Host.GetJson<Paged<WaitlistEntrySummary>>(Clinic, "/api/v1/crm/waitlist")).TotalCount.ShouldBe(0);
    }
}
