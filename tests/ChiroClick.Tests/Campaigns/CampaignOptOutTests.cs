using System.Text.RegularExpressions;
using ChiroClick.Api.Campaigns;
using ChiroClick.Api.Import;
using ChiroClick.Domain.Patients;
using ChiroClick.Projections.Communications;
using ChiroClick.Tests.Patients;
using ChiroClick.Tests.Infrastructure;
using Marten;

namespace ChiroClick.Tests.Campaigns;

/// <summary>Opt-out links and keywords, and care notices without the marketing footer.</summary>
public class CampaignOptOutTests(AppFixture fixture) : CampaignTestContext(fixture)
{
    [Fact]
    public async Task The_signed_opt_out_link_in_the_email_unsubscribes_without_an_api_key_and_cannot_be_forged()
    {
        var email = $"kari.{tag}@example.no";
        var kari = await Patient("Kari Nordmann", email, null, new { channel = "email", purpose = "marketing" });
        var id = await Campaign(new
        {
            name = "Nyhetsbrev", channel = "email", subject = "Nytt fra klinikken",
            template = "Hei {firstName}!\nVil du ikke ha flere slike e-poster? {optOutUrl}",
        });
        await As(s => { s.Post.Url($"/api/v1/crm/campaigns/{id}/launch"); s.StatusCodeShouldBe(200); });
        var stats = await WaitForCompletion(id);
        stats.Delivered.ShouldBe(1, "the SMTP server accepted it");

        var mail = Fixture.Smtp.Received.Single(m => m.To.ToString() == email);
        var link = Regex.Match(mail.TextBody!, @"https://klinikk\.example\.no(/api/v1/public/optout/[A-Za-z0-9_-]+)");
        link.Success.ShouldBeTrue(mail.TextBody);
        mail.TextBody!.ShouldNotContain("Meld deg av:", Case.Sensitive, "the template has its own link, so no footer is added");
        mail.Headers["List-Unsubscribe"].ShouldBe($"<{link.Value}>");
        mail.Headers["List-Unsubscribe-Post"].ShouldBe("List-Unsubscribe=One-Click");
        await using (var session = Store.QuerySession(Clinic.Id.ToString()))
        {
            var message = await session.Query<CampaignOutboxMessage>().SingleAsync(x => x.CampaignId == id);
            mail.MessageId.ShouldBe($"{message.Id:N}@chiroclick");
            message.Id.ShouldBe(DeterministicGuid.Create(id, $"recipient:{kari}"));
        }

        var path = link.Groups[1].Value;
        var page = await Host.Scenario(s => { s.Get.Url(path); s.StatusCodeShouldBe(200); });
        (await page.ReadAsTextAsync()).ShouldContain("<form method=\"post\">");
        (await Host.Patient(Clinic, kari)).Consents.ShouldContain(new ConsentGrant(ConsentChannel.Email, ConsentPurpose.Marketing), "a GET changes nothing");

        var tampered = path[..^3] + (path[^3] == 'A' ? "B" : "A") + path[^2..];
        await Host.Scenario(s => { s.Post.Url(tampered); s.StatusCodeShouldBe(400); });
        await Host.Scenario(s => { s.Post.Url("/api/v1/public/optout/not-a-token"); s.StatusCodeShouldBe(400); });
        await Host.Scenario(s => { s.Post.FormData(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }).ToUrl(path); s.StatusCodeShouldBe(200); });
        await Host.Scenario(s => { s.Post.Url(path); s.StatusCodeShouldBe(200); });

        await using var check = Store.QuerySession(Clinic.Id.ToString());
        var withdrawn = (await check.Events.FetchStreamAsync(kari)).Where(e => e.Data is ConsentWithdrawn).ToList();
        withdrawn.Count.ShouldBe(1);
        ((ConsentWithdrawn)withdrawn[0].Data).CampaignId.ShouldBe(id);
        withdrawn[0].UserName.ShouldBe("patient (opt-out link)");
        (await Host.Patient(Clinic, kari)).Consents.ShouldNotContain(new ConsentGrant(ConsentChannel.Email, ConsentPurpose.Marketing));
    }

    [Fact]
    public async Task A_care_notice_goes_to_care_consents_without_marketing_footer_and_marketing_consent_is_not_enough()
    {
        var care = $"care.{tag}@example.no";
        var marketingOnly = $"marketing.{tag}@example.no";
        await Patient("Cecilie Care", care, null, new { channel = "email", purpose = "care" });
        await Patient("Mads Marketing", marketingOnly, null, new { channel = "email", purpose = "marketing" });
        var id = await Campaign(new
        {
            name = "Ny adresse", channel = "email", subject = "Vi har flyttet",
            template = "Hei {firstName}! Fra mandag holder vi til i Storgata 1.", audience = new { consent = "care" },
        });
        await As(s => { s.Post.Url($"/api/v1/crm/campaigns/{id}/launch"); s.StatusCodeShouldBe(200); });
        (await WaitForCompletion(id)).Sent.ShouldBe(1);
        MailsTo(marketingOnly).ShouldBe(0);
        var mail = Fixture.Smtp.Received.Single(m => m.To.ToString() == care);
        mail.TextBody!.Trim().ShouldBe("Hei Cecilie! Fra mandag holder vi til i Storgata 1.");
        mail.Headers.Contains("List-Unsubscribe").ShouldBeFalse();
    }

    [Fact]
    public async Task Texting_STOPP_withdraws_the_sms_marketing_consent_and_is_logged_once()
    {
        var nina = await Patient("Nina Sms", null, "+4799887766", new { channel = "sms", purpose = "marketing" }, new { channel = "sms", purpose = "care" });
        var other = await Patient("Ola Annen", null, "+4799887700", new { channel = "sms", purpose = "marketing" });

        await As(s => { s.Post.Json(new { from = "12", body = "STOPP" }).ToUrl("/api/v1/crm/sms/inbound"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Json(new { from = "99887766", body = " " }).ToUrl("/api/v1/crm/sms/inbound"); s.StatusCodeShouldBe(400); });

        var chat = (await (await As(s => s.Post.Json(new { from = "+47 998 87 766", body = "Kan jeg flytte timen?", messageId = "p-1" })
            .ToUrl("/api/v1/crm/sms/inbound"))).ReadAsJsonAsync<InboundSmsRecorded>())!;
        chat.PatientIds.ShouldBe([nina]);
        chat.OptOutKeyword.ShouldBeFalse();

        var stop = (await (await As(s => s.Post.Json(new { from = "998 87 766", body = "stopp", messageId = "p-2" })
            .ToUrl("/api/v1/crm/sms/inbound"))).ReadAsJsonAsync<InboundSmsRecorded>())!;
        stop.OptOutKeyword.ShouldBeTrue();
        stop.ConsentsWithdrawn.ShouldBe(1);
        // The provider redelivers its webhook: nothing more.
        var again = (await (await As(s => s.Post.Json(new { from = "998 87 766", body = "stopp", messageId = "p-2" })
            .ToUrl("/api/v1/crm/sms/inbound"))).ReadAsJsonAsync<InboundSmsRecorded>())!;
        again.ConsentsWithdrawn.ShouldBe(0);

        (await Host.Patient(Clinic, nina)).Consents.ShouldBe([new ConsentGrant(ConsentChannel.Sms, ConsentPurpose.Care)]);
        (await Host.Patient(Clinic, other)).Consents.ShouldContain(new ConsentGrant(ConsentChannel.Sms, ConsentPurpose.Marketing));
        await using var session = Store.QuerySession(Clinic.Id.ToString());
        var inbound = await session.Query<CommunicationEntry>().Where(x => x.PatientId == nina).ToListAsync();
        inbound.Count.ShouldBe(2);
        inbound.ShouldAllBe(x => x.Direction == ChiroClick.Domain.Communications.CommunicationDirection.Inbound);

        var id = await Campaign(new { name = "SMS", channel = "sms", template = "Hei {firstName}" });
        var launched = await As(s => { s.Post.Url($"/api/v1/crm/campaigns/{id}/launch"); s.StatusCodeShouldBe(200); });
        (await WaitForCompletion(id)).Audience.ShouldBe(1, "only Ola still has the sms marketing consent");
    }
}
