using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ChiroClick.Tests.RealServer;

/// <summary>
/// A scripted session with personal data against the real API process (its shipped appsettings.json and log
/// levels): a lead, a patient with fødselsnummer, a caller-ID lookup by phone, an AI suggestion naming the patient and
/// a campaign e-mail. None of the values may appear in what the process wrote to standard output and error.
/// (<c>PrivateLogsTests</c> does the same in process with every category at Trace.)
/// </summary>
[Collection(RealServerCollection.Name)]
public sealed class RealServerLogTests(RealServerFixture server)
{
    [Fact]
    public async Task The_process_output_holds_no_name_phone_email_identity_number_or_complaint()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var email = $"ingvild.{tag}@example.no";
        string[] secrets =
        [
            "Ingvild", "Skogheimstad", "Halvard", "Fjellbekkmo", "93456781", "93 45 67 81", "47651234", "47 65 12 34",
            email, $"halvard.{tag}@example.no", "13097248022", "130972", "isjias etter flytting",
        ];
        var api = server.Client;

        (await api.PostAsJsonAsync("/api/v1/crm/leads", new
        {
            fullName = "Halvard Fjellbekkmo", phone = "+47 93 45 67 81", email = $"halvard.{tag}@example.no", source = "phone",
            complaint = "isjias etter flytting",
        })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = await api.PostAsJsonAsync("/api/v1/patients", new
        {
            fullName = "Ingvild Skogheimstad", phone = "+47 47 65 12 34", email, nationalIdentityNumber = "13097248022",
            consents = new[] { new { channel = "email", purpose = "marketing" } },
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var patientId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // Caller-ID lookup and a search: the phone and the name travel in the query string.
        (await api.GetAsync("/api/v1/patients?phone=%2B4747651234")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.GetAsync("/api/v1/patients?phone=47%2065%2012%2034&q=Skogheimstad")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.GetAsync("/api/v1/crm/leads?q=Fjellbekkmo")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // Refused input logs its error path.
        (await api.PostAsJsonAsync("/api/v1/patients", new { fullName = "Ingvild Skogheimstad", nationalIdentityNumber = "13097248023" }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await api.PostAsJsonAsync("/api/v1/ai/suggestions", new
        {
            task = "general", patientId, input = "Ingvild Skogheimstad (tlf 47651234) har isjias etter flytting.",
        })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var campaign = await api.PostAsJsonAsync("/api/v1/crm/campaigns", new
        {
            name = $"Kontroll {tag}", channel = "email", subject = "Tid for kontroll", template = "Hei {firstName}!",
        });
        campaign.StatusCode.ShouldBe(HttpStatusCode.Created);
        var campaignId = (await campaign.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await api.PostAsync($"/api/v1/crm/campaigns/{campaignId}/launch", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        for (var i = 0; i < 150 && !server.Smtp.Received.Any(m => m.To.ToString() == email); i++) await Task.Delay(200);
        server.Smtp.Received.ShouldContain(m => m.To.ToString() == email);
        await Task.Delay(1000); // the send's commit and its log lines

        var output = server.Output;
        output.ShouldContain("HTTP GET /api/v1/patients 200"); // the request log is there, without its query
        var leaks = secrets.Where(s => output.Contains(s, StringComparison.OrdinalIgnoreCase)).ToList();
        leaks.ShouldBeEmpty();
        output.ShouldNotContain("?phone=");
    }
}
