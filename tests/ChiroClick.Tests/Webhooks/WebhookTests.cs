using System.Net;
using System.Text.Json;
using ChiroClick.Api.Campaigns;
using ChiroClick.Api.Patients;
using ChiroClick.Api.Webhooks;
using ChiroClick.Domain.Clinics;
using ChiroClick.Domain.Patients;
using ChiroClick.Tests.Patients;
using ChiroClick.Tests.Infrastructure;
using Marten;

namespace ChiroClick.Tests.Webhooks;

/// <summary>Signed provider callbacks (Standard Webhooks): signatures good, bad, missing, stale and replayed; rotation.</summary>
public class WebhookTests(AppFixture fixture) : IntegrationContext(fixture)
{
    /// <summary>The API's JSON: camelCase and snake_case enum values (ChiroJson).</summary>
    private static readonly JsonSerializerOptions Wire = CreateWire();

    /// <summary>The clinic's event count once it has not changed for a second (cascaded messages handled).</summary>
    private async Task<int> SettledEventCount()
    {
        var last = await Store.EventCount(Clinic.Id);
        for (var i = 0; i < 30; i++)
        {
            await Task.Delay(1000);
            var now = await Store.EventCount(Clinic.Id);
            if (now == last) return now;
            last = now;
        }
        return last;
    }

    private static JsonSerializerOptions CreateWire()
    {
        var options = new JsonSerializerOptions(JsonSerializerOptions.Web);
        ChiroClick.Api.Infrastructure.ChiroJson.Apply(options);
        return options;
    }

    private async Task<Guid> SmsPatient(string phone)
    {
        var result = await As(s =>
        {
            s.Post.Json(new { fullName = "Nina Sms", phone, consents = new[] { new { channel = "sms", purpose = "marketing" } } })
                .ToUrl("/api/v1/patients");
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<PatientCreated>())!.Id;
    }

    [Fact]
    public async Task A_signed_inbound_sms_works_like_the_key_route_and_a_repeated_webhook_id_appends_nothing()
    {
        var nina = await SmsPatient("+4799887711");
        var secret = await Host.WebhookSecret(Clinic.Id);
        secret.ShouldStartWith("whsec_");
        (await Host.WebhookSecret(Clinic.Id)).ShouldBe(secret, "asking again prints the same secret");

        var before = await Store.EventCount(Clinic.Id);
        var (status, body, _) = await Host.SignedWebhook(Clinic.Id, "sms", new { from = "998 87 711", body = "STOPP", messageId = "p-9" }, secret, id: "msg_1");
        status.ShouldBe(HttpStatusCode.OK, body);
        var recorded = JsonSerializer.Deserialize<InboundSmsRecorded>(body, Wire)!;
        recorded.PatientIds.ShouldBe([nina]);
        recorded.OptOutKeyword.ShouldBeTrue();
        recorded.ConsentsWithdrawn.ShouldBe(1);
        (await Store.EventCount(Clinic.Id)).ShouldBe(before + 2, "CommunicationLogged and ConsentWithdrawn, in the request's transaction");
        // What the reply router cascades (the STOPP confirmation SMS is logged by its own handler) settles after the answer.
        var after = await SettledEventCount();
        (await Host.Patient(Clinic, nina)).Consents.ShouldNotContain(new ConsentGrant(ConsentChannel.Sms, ConsentPurpose.Marketing));

        await using (var session = Store.QuerySession(Clinic.Id.ToString()))
        {
            var withdrawn = (await session.Events.FetchStreamAsync(nina)).Last();
            withdrawn.Data.ShouldBeOfType<ConsentWithdrawn>();
            withdrawn.UserName.ShouldBe(WebhookSignatureAuthentication.UserName);
        }

        // The provider redelivers the same webhook (fresh signature, even another body): 200, nothing appended.
        (status, body, _) = await Host.SignedWebhook(Clinic.Id, "sms", new { from = "998 87 711", body = "Hei igjen" }, secret, id: "msg_1");
        status.ShouldBe(HttpStatusCode.OK);
        JsonSerializer.Deserialize<WebhookDuplicate>(body, Wire)!.ShouldBe(new WebhookDuplicate("msg_1"));
        (await SettledEventCount()).ShouldBe(after);

        // The same webhook-id at another clinic is that clinic's own first delivery.
        var other = await Fixture.NewClinicAsync("Other clinic");
        var (otherStatus, otherBody, _) = await Host.SignedWebhook(other.Id, "sms", new { from = "998 87 711", body = "Hei" },
            await Host.WebhookSecret(other.Id), id: "msg_1");
        otherStatus.ShouldBe(HttpStatusCode.OK);
        JsonSerializer.Deserialize<InboundSmsRecorded>(otherBody, Wire)!.PatientIds.ShouldBeEmpty("clinic B cannot see clinic A's patient");
        (await Store.EventCount(Clinic.Id)).ShouldBe(after);

        // Bad input after a good signature: 400, nothing stored, and the id stays unused.
        (status, _, _) = await Host.SignedWebhook(Clinic.Id, "sms", new { from = "12", body = "STOPP" }, secret, id: "msg_2");
        status.ShouldBe(HttpStatusCode.BadRequest);
        (status, body, _) = await Host.SignedWebhook(Clinic.Id, "sms", new { from = "99887711", body = "Takk" }, secret, id: "msg_2");
        status.ShouldBe(HttpStatusCode.OK);
        body.ShouldNotContain("duplicate");
        // A reply that fits no open question: CommunicationLogged (inbound) and the staff task "Ukjent SMS-svar" (issue 16).
        (await Store.EventCount(Clinic.Id)).ShouldBe(after + 2);
    }

    [Fact]
    public async Task Bad_missing_stale_or_foreign_signatures_and_unknown_clinics_are_401_problems_and_append_nothing()
    {
        await SmsPatient("+4799887722");
        var secret = await Host.WebhookSecret(Clinic.Id);
        var other = await Fixture.NewClinicAsync("Other clinic");
        var otherSecret = await Host.WebhookSecret(other.Id);
        var sms = new { from = "99887722", body = "STOPP" };
        var before = await Store.EventCount(Clinic.Id);

        async Task Refused((HttpStatusCode Status, string Body, string? ContentType) answer, string because)
        {
            answer.Status.ShouldBe(HttpStatusCode.Unauthorized, because);
            answer.ContentType.ShouldBe("application/problem+json", because);
            JsonDocument.Parse(answer.Body).RootElement.GetProperty("status").GetInt32().ShouldBe(401);
            (await Store.EventCount(Clinic.Id)).ShouldBe(before, because);
        }

        await Refused(await Host.SignedWebhook(Clinic.Id, "sms", sms, secret: null), "no signature");
        await Refused(await Host.SignedWebhook(Clinic.Id, "sms", sms, otherSecret), "another clinic's secret");
        await Refused(await Host.SignedWebhook(Clinic.Id, "sms", sms, secret,
            tamper: r => r.Content = new StringContent("""{"from":"99887722","body":"STOPP!"}""", System.Text.Encoding.UTF8, "application/json")), "altered body");
        await Refused(await Host.SignedWebhook(Clinic.Id, "sms", sms, secret,
            tamper: r => { r.Headers.Remove("webhook-signature"); r.Headers.Add("webhook-signature", "v1,bm90IGEgc2lnbmF0dXJl"); }), "garbage signature");
        await Refused(await Host.SignedWebhook(Clinic.Id, "sms", sms, secret, timestamp: DateTimeOffset.UtcNow.AddMinutes(-6)), "6 minutes old");
        await Refused(await Host.SignedWebhook(Clinic.Id, "sms", sms, secret, timestamp: DateTimeOffset.UtcNow.AddMinutes(6)), "6 minutes ahead");
        await Refused(await Host.SignedWebhook(Clinic.Id, "sms", sms, secret, tamper: r => r.Headers.Remove("webhook-id")), "no webhook-id");
        await Refused(await Host.SignedWebhook(Clinic.Id, "delivery", new { type = "delivered", messageId = Guid.NewGuid() }, otherSecret), "delivery, foreign secret");
        // A valid API key is no substitute for the signature.
        var withKey = await Host.SignedWebhook(Clinic.Id, "sms", sms, secret: null, tamper: r => r.Headers.Add("X-Api-Key", Clinic.Key));
        await Refused(withKey, "API key instead of a signature");

        // Unknown clinic, and a clinic that has no secret yet: the same answer as a bad signature (existence is not revealed).
        var unknown = await Host.SignedWebhook(Guid.NewGuid(), "sms", sms, secret);
        var noSecret = await Fixture.NewClinicAsync("No secret");
        var badSignature = await Host.SignedWebhook(Clinic.Id, "sms", sms, otherSecret);
        await Refused(unknown, "unknown clinic");
        await Refused(await Host.SignedWebhook(noSecret.Id, "sms", sms, secret), "clinic without a secret");
        Detail(unknown.Body).ShouldBe(Detail(badSignature.Body));
        (await Host.SignedWebhook(Clinic.Id, "sms", sms, secret, timestamp: DateTimeOffset.UtcNow.AddMinutes(-4))).Status
            .ShouldBe(HttpStatusCode.OK, "within the 5-minute window");
    }

    private static string Detail(string problem) => JsonDocument.Parse(problem).RootElement.GetProperty("detail").GetString()!;

    [Fact]
    public async Task Rotating_the_secret_invalidates_the_old_one_at_once_and_the_event_store_holds_only_ciphertext()
    {
        await SmsPatient("+4799887733");
        var old = await Host.WebhookSecret(Clinic.Id);
        var sms = new { from = "99887733", body = "Hei" };
        (await Host.SignedWebhook(Clinic.Id, "sms", sms, old)).Status.ShouldBe(HttpStatusCode.OK);

        var rotated = await Host.WebhookSecret(Clinic.Id, rotate: true);
        rotated.ShouldNotBe(old);
        (await Host.SignedWebhook(Clinic.Id, "sms", sms, old)).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await Host.SignedWebhook(Clinic.Id, "sms", sms, rotated)).Status.ShouldBe(HttpStatusCode.OK);
        (await Host.WebhookSecret(Clinic.Id)).ShouldBe(rotated);

        await using var session = Store.QuerySession(Clinic.Id.ToString());
        var issued = (await session.Events.FetchStreamAsync(Clinic.Id)).Select(e => e.Data).OfType<ClinicWebhookSecretIssued>().ToList();
        issued.Count.ShouldBe(2);
        issued[1].SecretPrefix.ShouldBe(rotated[..10]);
        var raw = await session.AdvancedSql.QueryAsync<string>(
            "select data::text from chiroclick.mt_events where stream_id = ? and type = 'clinic_webhook_secret_issued'", CancellationToken.None, Clinic.Id);
        raw.Count.ShouldBe(2);
        var (oldKey, newKey) = (old["whsec_".Length..], rotated["whsec_".Length..]);
        raw.ShouldAllBe(json => !json.Contains(oldKey) && !json.Contains(newKey), "the secret is stored encrypted only");
    }

    [Fact]
    public async Task A_signed_delivery_report_works_like_the_campaign_events_route_once_per_webhook_id()
    {
        var patient = await SmsPatient("+4799887744");
        var created = await As(s =>
        {
            s.Post.Json(new { name = "SMS", channel = "sms", template = "Hei {firstName}" }).ToUrl("/api/v1/crm/campaigns");
            s.StatusCodeShouldBe(201);
        });
        var campaign = (await created.ReadAsJsonAsync<CampaignCreatedResponse>())!.Id;
        await As(s => { s.Post.Url($"/api/v1/crm/campaigns/{campaign}/launch"); s.StatusCodeShouldBe(200); });
        CampaignOutboxMessage? message = null;
        for (var i = 0; i < 150 && message is null; i++)
        {
            await using var session = Store.QuerySession(Clinic.Id.ToString());
            message = await session.Query<CampaignOutboxMessage>().SingleOrDefaultAsync(x => x.CampaignId == campaign);
            if (message is null) await Task.Delay(200);
        }
        message.ShouldNotBeNull();
        var secret = await Host.WebhookSecret(Clinic.Id);

        // Unknown message: 404, and the id is not burnt.
        (await Host.SignedWebhook(Clinic.Id, "delivery", new { type = "delivered", messageId = Guid.NewGuid() }, secret, id: "d-1")).Status
            .ShouldBe(HttpStatusCode.NotFound);
        (await Host.SignedWebhook(Clinic.Id, "delivery", new { type = "delivered", patientId = patient }, secret)).Status
            .ShouldBe(HttpStatusCode.BadRequest, "a patient without the campaign");
        var before = await Store.EventCount(Clinic.Id);
        var (status, body, _) = await Host.SignedWebhook(Clinic.Id, "delivery", new { type = "clicked", messageId = message.Id, url = "https://klinikk.example.no/book" },
            secret, id: "d-1");
        status.ShouldBe(HttpStatusCode.OK, body);
        JsonSerializer.Deserialize<CampaignDeliveryRecorded>(body, Wire)!.Appended
            .ShouldBe(["CampaignMessageDelivered", "CampaignMessageClicked"]);
        (await Store.EventCount(Clinic.Id)).ShouldBe(before + 2);

        (status, body, _) = await Host.SignedWebhook(Clinic.Id, "delivery", new { type = "clicked", messageId = message.Id }, secret, id: "d-1");
        status.ShouldBe(HttpStatusCode.OK);
        body.ShouldContain("\"duplicate\":true");
        (status, _, _) = await Host.SignedWebhook(Clinic.Id, "delivery", new { campaignId = campaign, type = "opened", patientId = patient }, secret);
        status.ShouldBe(HttpStatusCode.OK);
        (await Store.EventCount(Clinic.Id)).ShouldBe(before + 3);

        var stats = (await (await As(s => s.Get.Url($"/api/v1/crm/campaigns/{campaign}/stats"))).ReadAsJsonAsync<CampaignStats>())!;
        (stats.Delivered, stats.Opened, stats.Clicked).ShouldBe((1, 1, 1));
    }
}
