using ChiroClick.Api.Common;
using ChiroClick.Api.Campaigns;
using ChiroClick.Api.Patients;
using ChiroClick.Domain.Campaigns;
using ChiroClick.Projections.Communications;
using ChiroClick.Tests.Infrastructure;
using Marten;
using Wolverine;

namespace ChiroClick.Tests.Campaigns;

public class CampaignTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private async Task<Guid> Patient(string name, string? email, params object[] consents)
    {
        var result = await As(s =>
        {
            s.Post.Json(new { fullName = name, email, phone = "+47 99 88 77 66", consents }).ToUrl("/api/v1/patients");
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<PatientCreated>())!.Id;
    }

    private async Task<Guid> Campaign(object body)
    {
        var result = await As(s =>
        {
            s.Post.Json(body).ToUrl("/api/v1/crm/campaigns");
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<CampaignCreatedResponse>())!.Id;
    }

    private async Task<CampaignStats> WaitForCompletion(Guid id)
    {
        for (var i = 0; i < 150; i++)
        {
            var stats = (await (await As(s => s.Get.Url($"/api/v1/crm/campaigns/{id}/stats"))).ReadAsJsonAsync<CampaignStats>())!;
            if (stats.Status == ChiroClick.Domain.Campaigns.CampaignStatus.Completed) return stats;
            await Task.Delay(200);
        }
        throw new TimeoutException($"Campaign {id} did not complete.");
    }

    [Fact]
    public async Task Launch_sends_exactly_once_to_each_consenting_patient_and_excludes_the_others()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var kari = await Patient("Kari Nordmann", $"kari.{tag}@example.no", new { channel = "email", purpose = "marketing" });
        var per = await Patient("Per Hansen", $"per.{tag}@example.no", new { channel = "email", purpose = "marketing" }, new { channel = "sms", purpose = "care" });
        var careOnly = await Patient("Ola Care", $"ola.{tag}@example.no", new { channel = "email", purpose = "care" });
        var smsOnly = await Patient("Sms Only", $"sms.{tag}@example.no", new { channel = "sms", purpose = "marketing" });
        var noEmail = await Patient("No Mail", null, new { channel = "email", purpose = "marketing" });

        var id = await Campaign(new { name = "Spring check", channel = "email", subject = "Time for a check-up", template = "Hei {firstName}, velkommen tilbake!" });
        var launch = await As(s => { s.Post.Url($"/api/v1/crm/campaigns/{id}/launch"); s.StatusCodeShouldBe(200); });

        var stats = await WaitForCompletion(id);
        stats.Audience.ShouldBe(2);
        stats.Sent.ShouldBe(2);
        stats.Delivered.ShouldBe(2);
        stats.Failed.ShouldBe(0);

        await using var session = Store.QuerySession(Clinic.Id.ToString());
        var outbox = await session.Query<CampaignOutboxMessage>().Where(x => x.CampaignId == id).ToListAsync();
        outbox.Select(x => x.PatientId).OrderBy(x => x).ShouldBe(new[] { kari, per }.OrderBy(x => x));
        outbox.Single(x => x.PatientId == kari).Body.ShouldStartWith("Hei Kari, velkommen tilbake!\n\n--\nMeld deg av: https://klinikk.example.no/api/v1/public/optout/");
        outbox.Single(x => x.PatientId == kari).To.ShouldBe($"kari.{tag}@example.no");
        outbox.ShouldAllBe(x => x.Dispatched);
        var mail = Fixture.Smtp.Received.Where(m => m.To.ToString().Contains(tag)).ToList();
        mail.Count.ShouldBe(2);
        mail.Select(m => m.To.ToString()).OrderBy(x => x).ShouldBe(new[] { $"kari.{tag}@example.no", $"per.{tag}@example.no" });
        mail.Single(m => m.To.ToString().StartsWith("kari")).TextBody!.ShouldStartWith("Hei Kari, velkommen tilbake!");
        mail.Single(m => m.To.ToString().StartsWith("kari")).Subject.ShouldBe("Time for a check-up");
        var logged = await session.Query<CommunicationEntry>().Where(x => x.CampaignId == id).ToListAsync();
        logged.Count.ShouldBe(2);
        new[] { careOnly, smsOnly, noEmail }.ShouldAllBe(p => !outbox.Any(x => x.PatientId == p));

        var campaign = (await (await As(s => s.Get.Url($"/api/v1/crm/campaigns/{id}"))).ReadAsJsonAsync<Campaign>())!;
        campaign.Recipients.Count.ShouldBe(2);
        campaign.Status.ShouldBe(CampaignStatus.Completed);

        // A replayed send message is ignored: the campaign stream already records the recipient.
        await Host.MessageBus().InvokeForTenantAsync(Clinic.Id.ToString(), new SendCampaignMessage(id, kari));
        await using var again = Store.QuerySession(Clinic.Id.ToString());
        (await again.Query<CampaignOutboxMessage>().Where(x => x.CampaignId == id).CountAsync()).ShouldBe(2);
        Fixture.Smtp.Received.Count(m => m.To.ToString().Contains(tag)).ShouldBe(2);

        await As(s => { s.Post.Url($"/api/v1/crm/campaigns/{id}/launch"); s.StatusCodeShouldBe(409); });
    }

    [Fact]
    public async Task Smtp_down_then_up_delivers_exactly_once_after_retries()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await Patient("Kari Nordmann", $"kari.{tag}@example.no", new { channel = "email", purpose = "marketing" });
        var id = await Campaign(new { name = "Outage", channel = "email", subject = "Hei", template = "Hei {firstName}" });
        await Fixture.Smtp.StopAsync();
        try
        {
            await As(s => { s.Post.Url($"/api/v1/crm/campaigns/{id}/launch"); s.StatusCodeShouldBe(200); });
            await Task.Delay(1500); // the first attempts hit a closed port and are retried
            var during = (await (await As(s => s.Get.Url($"/api/v1/crm/campaigns/{id}/stats"))).ReadAsJsonAsync<CampaignStats>())!;
            during.Sent.ShouldBe(0);
            during.Status.ShouldBe(CampaignStatus.Launched);
        }
        finally
        {
            Fixture.Smtp.Start();
        }
        var stats = await WaitForCompletion(id);
        stats.Sent.ShouldBe(1);
        stats.Failed.ShouldBe(0);
        Fixture.Smtp.Received.Count(m => m.To.ToString().Contains(tag)).ShouldBe(1);
    }

    [Fact]
    public async Task Opt_out_withdraws_the_marketing_consent_and_excludes_the_patient_from_the_next_campaign()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var kari = await Patient("Kari Nordmann", $"kari.{tag}@example.no", new { channel = "email", purpose = "marketing" },
            new { channel = "email", purpose = "care" });
        var stranger = await Patient("Per Stranger", null);
        var first = await Campaign(new { name = "First", channel = "email", subject = "Hei", template = "Hei {firstName}" });
        await As(s => { s.Post.Url($"/api/v1/crm/campaigns/{first}/launch"); s.StatusCodeShouldBe(200); });
        (await WaitForCompletion(first)).Sent.ShouldBe(1);

        await As(s => { s.Post.Json(new { }).ToUrl($"/api/v1/crm/campaigns/{first}/optout"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Json(new { patientId = Guid.NewGuid() }).ToUrl($"/api/v1/crm/campaigns/{first}/optout"); s.StatusCodeShouldBe(404); });
        await As(s => { s.Post.Json(new { patientId = kari }).ToUrl($"/api/v1/crm/campaigns/{Guid.NewGuid()}/optout"); s.StatusCodeShouldBe(404); });
        await As(s => { s.Post.Json(new { patientId = stranger }).ToUrl($"/api/v1/crm/campaigns/{first}/optout"); s.StatusCodeShouldBe(409); });
        await As(s => { s.Post.Json(new { patientId = kari }).ToUrl($"/api/v1/crm/campaigns/{first}/optout"); s.StatusCodeShouldBe(200); });
        await As(s => { s.Post.Json(new { patientId = kari }).ToUrl($"/api/v1/crm/campaigns/{first}/optout"); s.StatusCodeShouldBe(200); });

        await using (var session = Store.QuerySession(Clinic.Id.ToString()))
        {
            var events = await session.Events.FetchStreamAsync(kari);
            events.Count(e => e.Data is ChiroClick.Domain.Patients.ConsentWithdrawn).ShouldBe(1);
        }
        var patient = (await (await As(s => s.Get.Url($"/api/v1/patients/{kari}"))).ReadAsJsonAsync<ChiroClick.Projections.Patients.PatientSummary>())!;
        patient.Consents.ShouldBe([new ChiroClick.Domain.Patients.ConsentGrant(ChiroClick.Domain.Patients.ConsentChannel.Email,
            ChiroClick.Domain.Patients.ConsentPurpose.Care)]);

        var second = await Campaign(new { name = "Second", channel = "email", subject = "Hei", template = "Hei {firstName}" });
        var launched = await As(s => { s.Post.Url($"/api/v1/crm/campaigns/{second}/launch"); s.StatusCodeShouldBe(200); });
        var stats = await WaitForCompletion(second);
        stats.Audience.ShouldBe(0);
        Fixture.Smtp.Received.Count(m => m.To.ToString().Contains(tag)).ShouldBe(1);
    }

    [Fact]
    public async Task Bad_input_gives_problems_and_unknown_campaigns_404()
    {
        await As(s => { s.Post.Json(new { name = "", channel = "email", template = "x" }).ToUrl("/api/v1/crm/campaigns"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Json(new { name = "No subject", channel = "email", template = "x" }).ToUrl("/api/v1/crm/campaigns"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Json(new { name = "Fax", channel = "fax", template = "x" }).ToUrl("/api/v1/crm/campaigns"); s.StatusCodeShouldBe(400); });
        var missing = Guid.NewGuid();
        await As(s => { s.Get.Url($"/api/v1/crm/campaigns/{missing}"); s.StatusCodeShouldBe(404); });
        await As(s => { s.Get.Url($"/api/v1/crm/campaigns/{missing}/stats"); s.StatusCodeShouldBe(404); });
        await As(s => { s.Post.Url($"/api/v1/crm/campaigns/{missing}/launch"); s.StatusCodeShouldBe(404); });

        var sms = await Campaign(new { name = "Sms", channel = "sms", template = "Hei {firstName}", audience = new { stages = new[] { "new" } } });
        var page = (await (await As(s => s.Get.Url("/api/v1/crm/campaigns"))).ReadAsJsonAsync<Paged<CampaignListItem>>())!;
        page.TotalCount.ShouldBe(1);
        var list = page.Items;
        list.Single().Id.ShouldBe(sms);
        list.Single().Channel.ShouldBe(CampaignChannel.Sms);

        await As(s => { s.Put.Json(new { name = "", channel = "sms", template = "x" }).ToUrl($"/api/v1/crm/campaigns/{sms}"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Put.Json(new { name = "X", channel = "sms", template = "x" }).ToUrl($"/api/v1/crm/campaigns/{missing}"); s.StatusCodeShouldBe(404); });
        await As(s => { s.Put.Json(new { name = "Renamed", channel = "email", subject = "S", template = "Hei {fullName}" }).ToUrl($"/api/v1/crm/campaigns/{sms}"); s.StatusCodeShouldBe(200); });
        var updated = (await (await As(s => s.Get.Url($"/api/v1/crm/campaigns/{sms}"))).ReadAsJsonAsync<Campaign>())!;
        updated.Name.ShouldBe("Renamed");
        updated.Channel.ShouldBe(CampaignChannel.Email);
        await As(s => { s.Post.Url($"/api/v1/crm/campaigns/{sms}/launch"); s.StatusCodeShouldBe(200); });
        await As(s => { s.Put.Json(new { name = "Late", channel = "sms", template = "x" }).ToUrl($"/api/v1/crm/campaigns/{sms}"); s.StatusCodeShouldBe(409); });
    }
}
