using Alba;
using ChiroClick.Api.Access;
using ChiroClick.Api.Campaigns;
using ChiroClick.Api.Workflows;
using ChiroClick.Domain.Campaigns;
using ChiroClick.Domain.Workflows;
using ChiroClick.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wolverine;

namespace ChiroClick.Tests.Workflows;

/// <summary>
/// Stops the API in the middle of a workflow wait and of a rate-limited campaign, starts a new host on the same database, and
/// checks that the pending work resumes from Wolverine's PostgreSQL envelope storage: nothing lost, nothing sent twice. The
/// hosts use their own database (chiroclick_restart, recreated) so the shared test host cannot pick the work up instead.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class RestartTests(AppFixture fixture)
{
    private static async Task<IAlbaHost> StartHost(string connectionString) =>
        await AlbaHost.For<Program>(x =>
        {
            x.UseSetting("ConnectionStrings:Marten", connectionString);
            x.UseSetting(CampaignLauncher.RateSetting, "0.5"); // one message every 2 s: the campaign is still sending at the stop
            x.ConfigureServices(services =>
            {
                services.RunWolverineInSoloMode();
                services.DisableAllExternalWolverineTransports();
            });
        });

    private static async Task<string> FreshDatabase(string name)
    {
        var admin = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("ConnectionStrings__Marten")) { Database = "postgres" };
        await using (var conn = new NpgsqlConnection(admin.ConnectionString))
        {
            await conn.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists {name} with (force)", conn);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"create database {name}", conn);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = name }.ConnectionString;
    }

    private static async Task<T> Eventually<T>(Func<Task<T?>> probe, string what, int seconds = 40) where T : class
    {
        for (var i = 0; i < seconds * 5; i++)
        {
            if (await probe() is { } found) return found;
            await Task.Delay(200);
        }
        throw new TimeoutException(what);
    }

    [Fact]
    public async Task A_host_restart_in_the_middle_of_a_wait_and_a_campaign_loses_nothing_and_sends_nothing_twice()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var connectionString = await FreshDatabase("chiroclick_restart");
        var leadEmail = $"lead.{tag}@example.no";
        var recipients = Enumerable.Range(0, 4).Select(i => $"p{i}.{tag}@example.no").ToList();
        int Mails(string address) => fixture.Smtp.Received.Count(m => m.To.ToString() == address);

        Guid clinicId, workflowId, campaignId;
        var first = await StartHost(connectionString);
        try
        {
            var store = first.Services.GetRequiredService<IDocumentStore>();
            var (id, key) = await ApiKeys.RegisterClinicAsync(store, "Restart clinic", "tester");
            clinicId = id;
            Task<IScenarioResult> As(Action<Scenario> configure) => first.Scenario(s => { s.WithRequestHeader("X-Api-Key", key); configure(s); });

            workflowId = (await (await As(s =>
            {
                s.Post.Json(new
                {
                    name = "Takk etter henvendelse", trigger = new { type = "lead_captured" },
                    steps = new object[]
                    {
                        new { type = "wait", duration = "PT8S" },
                        new { type = "send_message", channel = "email", subject = "Takk", template = "Hei {firstName}, takk for henvendelsen." },
                    },
                }).ToUrl("/api/v1/crm/workflows");
                s.StatusCodeShouldBe(201);
            })).ReadAsJsonAsync<WorkflowCreatedResponse>())!.Id;
            foreach (var email in recipients)
                await As(s =>
                {
                    s.Post.Json(new { fullName = "Pasient " + email[..2], email, consents = new[] { new { channel = "email", purpose = "marketing" } } })
                        .ToUrl("/api/v1/patients");
                    s.StatusCodeShouldBe(201);
                });
            campaignId = (await (await As(s =>
            {
                s.Post.Json(new { name = "Vår", channel = "email", subject = "Vårsjekk", template = "Hei {firstName}" }).ToUrl("/api/v1/crm/campaigns");
                s.StatusCodeShouldBe(201);
            })).ReadAsJsonAsync<CampaignCreatedResponse>())!.Id;

            await As(s =>
            {
                s.Post.Json(new { fullName = "Lars Lead", email = leadEmail, source = "website", marketingConsent = false }).ToUrl("/api/v1/crm/leads");
                s.StatusCodeShouldBe(201);
            });
            await Eventually(async () =>
            {
                await using var q = store.QuerySession(clinicId.ToString());
                return await q.Query<WorkflowRun>().Where(r => r.WorkflowId == workflowId && r.NextStep == 1).FirstOrDefaultAsync();
            }, "the run did not reach its wait");
            await As(s => { s.Post.Url($"/api/v1/crm/campaigns/{campaignId}/launch"); s.StatusCodeShouldBe(200); });
            await Task.Delay(1200);
        }
        finally
        {
            await first.StopAsync();
            await first.DisposeAsync();
        }

        var sentBeforeRestart = recipients.Sum(Mails);
        sentBeforeRestart.ShouldBeLessThan(recipients.Count, "the stop came in the middle of the campaign");
        Mails(leadEmail).ShouldBe(0, "the stop came in the middle of the wait");

        await using var second = await StartHost(connectionString);
        var store2 = second.Services.GetRequiredService<IDocumentStore>();
        var done = await Eventually(async () =>
        {
            await using var q = store2.QuerySession(clinicId.ToString());
            var c = await q.LoadAsync<Campaign>(campaignId);
            return c is { Status: ChiroClick.Domain.Campaigns.CampaignStatus.Completed } ? c : null;
        }, "the campaign did not complete after the restart");
        await Eventually(async () =>
        {
            await using var q = store2.QuerySession(clinicId.ToString());
            return await q.Query<WorkflowRun>().Where(r => r.WorkflowId == workflowId && r.Status == WorkflowRunStatus.Completed).FirstOrDefaultAsync();
        }, "the workflow run did not complete after the restart");
        await Task.Delay(1500);

        Mails(leadEmail).ShouldBe(1);
        recipients.Select(Mails).ShouldBe(recipients.Select(_ => 1));
        done.Sent.Count.ShouldBe(recipients.Count);
        done.Delivered.Count.ShouldBe(recipients.Count);
    }
}
