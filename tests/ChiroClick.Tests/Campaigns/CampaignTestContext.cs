using Alba;
using ChiroClick.Api.Campaigns;
using ChiroClick.Api.Patients;
using ChiroClick.Tests.Infrastructure;
using Wolverine;

namespace ChiroClick.Tests.Campaigns;

/// <summary>Scenario steps shared by the campaign delivery tests: patients, campaigns, stats, sweeps, e-mails and provider reports.</summary>
public abstract class CampaignTestContext(AppFixture fixture) : IntegrationContext(fixture)
{
    protected readonly string tag = Guid.NewGuid().ToString("N")[..8];

    protected async Task<Guid> Patient(string name, string? email, string? phone, params object[] consents)
    {
        var result = await As(s =>
        {
            s.Post.Json(new { fullName = name, email, phone, consents }).ToUrl("/api/v1/patients");
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<PatientCreated>())!.Id;
    }

    protected async Task<Guid> Campaign(object body)
    {
        var result = await As(s =>
        {
            s.Post.Json(body).ToUrl("/api/v1/crm/campaigns");
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<CampaignCreatedResponse>())!.Id;
    }

    protected async Task<CampaignStats> Stats(Guid id) =>
        (await (await As(s => s.Get.Url($"/api/v1/crm/campaigns/{id}/stats"))).ReadAsJsonAsync<CampaignStats>())!;

    protected async Task<CampaignStats> WaitForCompletion(Guid id, int seconds = 30)
    {
        for (var i = 0; i < seconds * 5; i++)
        {
            var stats = await Stats(id);
            if (stats.Status == ChiroClick.Domain.Campaigns.CampaignStatus.Completed) return stats;
            await Task.Delay(200);
        }
        throw new TimeoutException($"Campaign {id} did not complete: {await Stats(id)}");
    }

    protected Task SweepCampaigns() => Host.MessageBus().InvokeForTenantAsync(Clinic.Id.ToString(), new SweepCampaigns());

    protected int MailsTo(string address) => Fixture.Smtp.Received.Count(m => m.To.ToString() == address);

    protected async Task<IScenarioResult> Report(Guid campaign, object body, int status = 200) =>
        await As(s => { s.Post.Json(body).ToUrl($"/api/v1/crm/campaigns/{campaign}/events"); s.StatusCodeShouldBe(status); });
}
