using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ChiroClick.Tests.RealServer;

/// <summary>
/// Creates one record of each kind in the real process's development clinic, through the API itself, so the
/// walks reach each route with ids that exist. Keys: the path segment before a route parameter ("leads",
/// "patients", ...) and the body property names that carry such ids ("patientId", "leadId", ...).
/// </summary>
public static class RealServerSeed
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Dictionary<string, Guid>? seeded;

    /// <summary>Seeds once per test run and returns the ids.</summary>
    public static async Task<IReadOnlyDictionary<string, Guid>> SeedAsync(RealServerFixture server)
    {
        await Gate.WaitAsync();
        try { return seeded ??= await CreateAsync(server.Client); }
        finally { Gate.Release(); }
    }

    private static async Task<Dictionary<string, Guid>> CreateAsync(HttpClient api)
    {
        var patient = await PostAsync(api, "/api/v1/patients", new
        {
            fullName = "Kari Nordmann", phone = "+47 912 34 567", email = "kari.nordmann@example.no", birthDate = "1980-05-17",
            nationalIdentityNumber = "17058012345",
        }, retryWithout: "nationalIdentityNumber");
        var other = await PostAsync(api, "/api/v1/patients", new { fullName = "Ola Hansen", phone = "+4798765432" });
        await PostAsync(api, $"/api/v1/patients/{patient}/visits", idProperty: "visitId", body: new { practitioner = "Dr. Berg", icpc2Codes = new[] { "L03" }, treatment = "Mobilisering" });
        var lead = await PostAsync(api, "/api/v1/crm/leads", new
        {
            fullName = "Per Olsen", phone = "+4790000001", email = "per@example.no", source = "website", complaint = "Nakkesmerter",
        });
        var survey = await PostAsync(api, "/api/v1/crm/surveys", new { name = "NPS etter behandling", question = "Hvor sannsynlig er det at du anbefaler oss?" });
        var campaign = await PostAsync(api, "/api/v1/crm/campaigns", new
        {
            name = "Vårkampanje", channel = "email", subject = "Velkommen tilbake", template = "Hei {{firstName}}!", audience = new { },
        });
        var waitlist = await PostAsync(api, "/api/v1/crm/waitlist", new { patientId = patient, note = "Helst morgen" });
        var referral = await PostAsync(api, "/api/v1/crm/referrals", new { referringPatientId = patient, referredPatientId = other });
        var task = await PostAsync(api, "/api/v1/crm/tasks", new { title = "Ring pasienten", patientId = patient, dueAt = DateTimeOffset.UtcNow.AddDays(1) });
        var suggestion = await PostAsync(api, "/api/v1/ai/suggestions", new { task = "general", patientId = patient, context = "Kontroll", input = "Oppsummer konsultasjonen." });
        var slot = DateTimeOffset.UtcNow.AddDays(2);
        var appointment = await PostAsync(api, "/api/v1/appointments", new
        {
            patientId = patient, practitioner = "Dr. Berg", start = slot, end = slot.AddMinutes(30), type = "kontroll",
        });
        var call = await PostAsync(api, "/api/v1/telephony/calls", new { to = "+47 912 34 567", patientId = patient });
        var workflows = JsonNode.Parse(await api.GetStringAsync("/api/v1/crm/workflows"))!;
        var workflow = FirstId(workflows) ?? throw new InvalidOperationException("no default workflow: " + workflows.ToJsonString());

        return new Dictionary<string, Guid>
        {
            ["patients"] = patient, ["lifecycle"] = patient, ["streams"] = patient, ["leads"] = lead, ["surveys"] = survey,
            ["campaigns"] = campaign, ["waitlist"] = waitlist, ["referrals"] = referral, ["tasks"] = task,
            ["suggestions"] = suggestion, ["workflows"] = workflow, ["appointments"] = appointment, ["appointmentId"] = appointment,
            ["patientId"] = patient, ["referringPatientId"] = patient, ["referredPatientId"] = other, ["leadId"] = lead,
            ["referredLeadId"] = lead, ["referredByPatientId"] = patient, ["campaignId"] = campaign, ["surveyId"] = survey,
            ["suggestionId"] = suggestion, ["workflowId"] = workflow, ["taskId"] = task, ["patientIds"] = patient, ["calls"] = call,
        };
    }

    private static async Task<Guid> PostAsync(HttpClient api, string path, object body, string? retryWithout = null, string idProperty = "id")
    {
        using var response = await api.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            if (retryWithout is not null)
            {
                var node = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(body))!.AsObject();
                node.Remove(retryWithout);
                return await PostAsync(api, path, node);
            }
            throw new InvalidOperationException($"Seeding {path} failed: {(int)response.StatusCode} {text}");
        }
        var answer = JsonNode.Parse(text)!;
        if (idProperty != "id" && answer[idProperty] is { } named) return Guid.Parse(named.GetValue<string>());
        return FirstId(answer) ?? throw new InvalidOperationException($"Seeding {path}: no id in {text}");
    }

    private static Guid? FirstId(JsonNode node) => node switch
    {
        JsonObject o when o["id"] is { } id => Guid.Parse(id.GetValue<string>()),
        JsonObject o when o["items"] is JsonArray items => items.Select(i => i is null ? null : FirstId(i)).FirstOrDefault(i => i is not null),
        JsonArray a => a.Select(i => i is null ? null : FirstId(i)).FirstOrDefault(i => i is not null),
        _ => null,
    };
}
