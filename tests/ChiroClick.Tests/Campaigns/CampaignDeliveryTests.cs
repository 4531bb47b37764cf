using ChiroClick.Api.Campaigns;
using ChiroClick.Api.Import;
using ChiroClick.Domain.Campaigns;
using ChiroClick.Projections.Patients;
using ChiroClick.Tests.Infrastructure;
using Marten;
using Wolverine;

namespace ChiroClick.Tests.Campaigns;

/// <summary>Scheduling, provider delivery reports and stats, and a campaign to imported patients.</summary>
public class CampaignDeliveryTests(AppFixture fixture) : CampaignTestContext(fixture)
{
    [Fact]
    public async Task A_scheduled_campaign_launches_once_at_its_time_and_a_new_time_replaces_the_old()
    {
        var email = $"kari.{tag}@example.no";
        await Patient("Kari Nordmann", email, null, new { channel = "email", purpose = "marketing" });
        var id = await Campaign(new { name = "Høstsjekk", channel = "email", subject = "Tid for sjekk", template = "Hei {firstName}!" });
        var now = Fixture.Clock.GetUtcNow();

        await As(s => { s.Post.Json(new { }).ToUrl($"/api/v1/crm/campaigns/{id}/schedule"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Json(new { at = now.AddMinutes(-1) }).ToUrl($"/api/v1/crm/campaigns/{id}/schedule"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Json(new { at = now.AddHours(1) }).ToUrl($"/api/v1/crm/campaigns/{Guid.NewGuid()}/schedule"); s.StatusCodeShouldBe(404); });
        await As(s => { s.Post.Json(new { at = now.AddHours(1) }).ToUrl($"/api/v1/crm/campaigns/{id}/schedule"); s.StatusCodeShouldBe(200); });
        await As(s => { s.Post.Json(new { at = now.AddHours(3) }).ToUrl($"/api/v1/crm/campaigns/{id}/schedule"); s.StatusCodeShouldBe(200); });
        var scheduled = await Stats(id);
        scheduled.Status.ShouldBe(ChiroClick.Domain.Campaigns.CampaignStatus.Scheduled);
        scheduled.ScheduledAt!.Value.ShouldBe(now.AddHours(3), TimeSpan.FromMilliseconds(1));

        // The first time has passed, but it was replaced: nothing launches, even for the old message.
        Fixture.Clock.Advance(TimeSpan.FromHours(2));
        await SweepCampaigns();
        await Host.MessageBus().InvokeForTenantAsync(Clinic.Id.ToString(), new LaunchScheduledCampaign(id, now.AddHours(1).ToUniversalTime()));
        (await Stats(id)).Status.ShouldBe(ChiroClick.Domain.Campaigns.CampaignStatus.Scheduled);

        Fixture.Clock.Advance(TimeSpan.FromHours(1.5));
        await SweepCampaigns();
        await SweepCampaigns();
        var done = await WaitForCompletion(id);
        done.Audience.ShouldBe(1);
        done.Sent.ShouldBe(1);
        done.ScheduledAt.ShouldBeNull();
        MailsTo(email).ShouldBe(1);
        await using var session = Store.QuerySession(Clinic.Id.ToString());
        (await session.Events.FetchStreamAsync(id)).Count(e => e.Data is CampaignLaunched).ShouldBe(1);
        await As(s => { s.Post.Json(new { at = Fixture.Clock.GetUtcNow().AddHours(1) }).ToUrl($"/api/v1/crm/campaigns/{id}/schedule"); s.StatusCodeShouldBe(409); });
    }

    [Fact]
    public async Task A_campaign_scheduled_seconds_ahead_launches_by_itself_through_a_Wolverine_scheduled_message()
    {
        var email = $"per.{tag}@example.no";
        await Patient("Per Hansen", email, null, new { channel = "email", purpose = "marketing" });
        var id = await Campaign(new { name = "Straks", channel = "email", subject = "Hei", template = "Hei {firstName}" });
        await As(s => { s.Post.Json(new { at = Fixture.Clock.GetUtcNow().AddSeconds(5) }).ToUrl($"/api/v1/crm/campaigns/{id}/schedule"); s.StatusCodeShouldBe(200); });
        (await Stats(id)).Status.ShouldBe(ChiroClick.Domain.Campaigns.CampaignStatus.Scheduled);
        (await WaitForCompletion(id, 40)).Sent.ShouldBe(1);
        MailsTo(email).ShouldBe(1);
    }

    [Fact]
    public async Task Provider_reports_give_delivered_open_and_click_figures_once_per_recipient()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 4; i++)
            ids.Add(await Patient($"Pasient {i} Test", null, $"+47 9{i + 1} 88 77 6{i}", new { channel = "sms", purpose = "marketing" }));
        await Patient("Uten Samtykke", null, "+47 99 11 22 33");
        var id = await Campaign(new { name = "SMS-tilbud", channel = "sms", template = "Hei {firstName}, ny time?" });
        await As(s => { s.Post.Url($"/api/v1/crm/campaigns/{id}/launch"); s.StatusCodeShouldBe(200); });
        var sent = await WaitForCompletion(id);
        sent.Audience.ShouldBe(4);
        sent.Sent.ShouldBe(4);
        sent.Delivered.ShouldBe(0, "no provider is configured: the texts wait in the outbox, nothing is delivered yet");
        sent.OpenRate.ShouldBe(0);

        await using var session = Store.QuerySession(Clinic.Id.ToString());
        var outbox = (await session.Query<CampaignOutboxMessage>().Where(x => x.CampaignId == id).ToListAsync()).ToDictionary(x => x.PatientId);
        outbox.Values.ShouldAllBe(x => !x.Dispatched);

        (await (await Report(id, new { type = "delivered", messageId = outbox[ids[0]].Id })).ReadAsJsonAsync<CampaignDeliveryRecorded>())!
            .Appended.ShouldBe(["CampaignMessageDelivered"]);
        (await (await Report(id, new { type = "delivered", messageId = outbox[ids[0]].Id })).ReadAsJsonAsync<CampaignDeliveryRecorded>())!
            .Appended.ShouldBeEmpty();
        await Report(id, new { type = "delivered", patientId = ids[1] });
        await Report(id, new { type = "opened", patientId = ids[0] });
        // A click without a delivery receipt: the message evidently arrived.
        (await (await Report(id, new { type = "clicked", messageId = outbox[ids[2]].Id, url = "https://klinikk.example.no/book" }))
            .ReadAsJsonAsync<CampaignDeliveryRecorded>())!.Appended.ShouldBe(["CampaignMessageDelivered", "CampaignMessageClicked"]);
        await Report(id, new { type = "failed", patientId = ids[3], reason = "unknown subscriber" });
        await Report(id, new { type = "delivered", patientId = ids[3] });

        await Report(id, new { messageId = outbox[ids[0]].Id }, 400);
        await Report(id, new { type = "opened" }, 400);
        await Report(id, new { type = "opened", messageId = Guid.NewGuid() }, 404);
        await Report(Guid.NewGuid(), new { type = "opened", patientId = ids[0] }, 404);
        await Report(id, new { type = "opened", patientId = Guid.NewGuid() }, 409);

        var stats = await Stats(id);
        stats.Sent.ShouldBe(4);
        stats.Delivered.ShouldBe(3);
        stats.Failed.ShouldBe(1);
        stats.Opened.ShouldBe(1);
        stats.Clicked.ShouldBe(1);
        stats.OpenRate.ShouldBe(0.3333);
        stats.ClickRate.ShouldBe(0.3333);
        stats.Pending.ShouldBe(0);

        var other = await Fixture.NewClinicAsync("Other clinic");
        await As(s => { s.Get.Url($"/api/v1/crm/campaigns/{id}/stats"); s.StatusCodeShouldBe(404); }, other);
        await As(s => { s.Post.Json(new { type = "opened", patientId = ids[1] }).ToUrl($"/api/v1/crm/campaigns/{id}/events"); s.StatusCodeShouldBe(404); }, other);
    }

    [Fact]
    public async Task A_campaign_to_imported_Synthea_patients_delivers_one_email_per_consenting_recipient_with_matching_stats()
    {
        var folder = Path.Combine(AppFixture.RepositoryRoot(), "..", "shared", "data", "synthea");
        var summary = await SyntheaImport.RunAsync(Store, Clinic.Id, folder, Fixture.Clock, TextWriter.Null, 30);
        summary.PatientsRegistered.ShouldBe(30);

        // Staff record contact details and consents for some of them: every 2nd gives marketing e-mail consent,
        // every 3rd of the others only care consent, the rest no address at all.
        List<PatientSummary> imported;
        await using (var query = Store.QuerySession(Clinic.Id.ToString()))
            imported = (await query.Query<PatientSummary>().ToListAsync()).OrderBy(p => p.Id).ToList();
        imported.Count.ShouldBe(30);
        var consenting = new List<string>();
        for (var i = 0; i < imported.Count; i++)
        {
            var p = imported[i];
            var email = $"synthea{i}.{tag}@example.no";
            object[]? consents = i % 2 == 0 ? [new { channel = "email", purpose = "marketing" }]
                : i % 3 == 0 ? [new { channel = "email", purpose = "care" }] : null;
            if (consents is null) continue;
            await As(s => { s.Put.Json(new { expectedVersion = p.Version, email, consents }).ToUrl($"/api/v1/patients/{p.Id}"); s.StatusCodeShouldBe(200); });
            if (i % 2 == 0) consenting.Add(email);
        }
        consenting.Count.ShouldBe(15);

        var id = await Campaign(new { name = "Velkommen tilbake", channel = "email", subject = "Vi savner deg", template = "Hei {firstName}, det er lenge siden sist." });
        await As(s => { s.Post.Url($"/api/v1/crm/campaigns/{id}/launch"); s.StatusCodeShouldBe(200); });
        var stats = await WaitForCompletion(id, 60);

        var mails = Fixture.Smtp.Received.Where(m => m.To.ToString().Contains(tag)).ToList();
        mails.Select(m => m.To.ToString()).OrderBy(x => x).ShouldBe(consenting.OrderBy(x => x));
        stats.Audience.ShouldBe(15);
        stats.Sent.ShouldBe(15);
        stats.Delivered.ShouldBe(15);
        stats.Failed.ShouldBe(0);
        stats.Pending.ShouldBe(0);

        // Replaying every send message of the campaign sends nothing more.
        foreach (var p in imported)
            await Host.MessageBus().InvokeForTenantAsync(Clinic.Id.ToString(), new SendCampaignMessage(id, p.Id));
        Fixture.Smtp.Received.Count(m => m.To.ToString().Contains(tag)).ShouldBe(15);
        (await Stats(id)).ShouldBe(stats);
    }
}
