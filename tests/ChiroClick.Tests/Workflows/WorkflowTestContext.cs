using ChiroClick.Api.Common;
using ChiroClick.Api.Patients;
using ChiroClick.Api.Workflows;
using ChiroClick.Domain.Workflows;
using ChiroClick.Tests.Infrastructure;
using Wolverine;

namespace ChiroClick.Tests.Workflows;

/// <summary>Scenario steps shared by the workflow tests: patients, leads, workflows, runs, sweeps and e-mails.</summary>
public abstract class WorkflowTestContext(AppFixture fixture) : IntegrationContext(fixture)
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

    protected async Task<Guid> Workflow(object body)
    {
        var result = await As(s =>
        {
            s.Post.Json(body).ToUrl("/api/v1/crm/workflows");
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<WorkflowCreatedResponse>())!.Id;
    }

    protected async Task<List<WorkflowRun>> Runs(Guid workflowId) =>
        (await (await As(s => s.Get.Url($"/api/v1/crm/workflows/{workflowId}/runs"))).ReadAsJsonAsync<Paged<WorkflowRun>>())!.Items.ToList();

    /// <summary>Polls until the workflow has a run matching <paramref name="ok"/> (runs start from relayed events, asynchronously).</summary>
    protected async Task<WorkflowRun> WaitForRun(Guid workflowId, Func<WorkflowRun, bool> ok, int seconds = 30)
    {
        for (var i = 0; i < seconds * 5; i++)
        {
            if ((await Runs(workflowId)).FirstOrDefault(ok) is { } run) return run;
            await Task.Delay(200);
        }
        var all = await Runs(workflowId);
        throw new TimeoutException($"No matching run of workflow {workflowId}; runs: " +
            string.Join("; ", all.Select(r => $"{r.Status} next {r.NextStep} due {r.NextStepDueAt} [{string.Join(", ", r.Results.Select(x => x.Status + ":" + x.Detail))}]")));
    }

    protected Task Sweep() => Host.MessageBus().InvokeForTenantAsync(Clinic.Id.ToString(), new SweepWorkflows());

    protected int MailsTo(string address) => Fixture.Smtp.Received.Count(m => m.To.ToString() == address);

    protected async Task WaitForMail(string address, int seconds = 30)
    {
        for (var i = 0; i < seconds * 5 && MailsTo(address) == 0; i++) await Task.Delay(200);
        MailsTo(address).ShouldBe(1, $"one e-mail to {address}");
    }

    protected async Task<Guid> CaptureLead(string name, string? email = null, string? phone = null)
    {
        var result = await As(s =>
        {
            s.Post.Json(new { fullName = name, email, phone, source = "website", marketingConsent = false }).ToUrl("/api/v1/crm/leads");
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<Api.Leads.LeadCreated>())!.Id;
    }
}
