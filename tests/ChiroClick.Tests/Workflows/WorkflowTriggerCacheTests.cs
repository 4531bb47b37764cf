using ChiroClick.Api.Common;
using ChiroClick.Api.Workflows;
using ChiroClick.Domain.Workflows;
using ChiroClick.Tests.Infrastructure;

namespace ChiroClick.Tests.Workflows;

/// <summary>
/// The event triggers read the clinic's active workflows from <see cref="ActiveWorkflowsCache"/>: a workflow switched off or on
/// is seen by the very next trigger, never a stale list.
/// </summary>
public sealed class WorkflowTriggerCacheTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private async Task<Guid> Workflow(string name)
    {
        var result = await As(s =>
        {
            s.Post.Json(new
            {
                name, trigger = new { type = "lead_captured" },
                steps = new object[] { new { type = "create_task", title = $"Ring {{firstName}} ({name})", dueInDays = 1 } },
            }).ToUrl("/api/v1/crm/workflows");
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<WorkflowCreatedResponse>())!.Id;
    }

    private async Task<Guid> CaptureLead(string name)
    {
        var result = await As(s =>
        {
            s.Post.Json(new { fullName = name, email = $"{Guid.NewGuid():N}@example.no", source = "website", marketingConsent = false }).ToUrl("/api/v1/crm/leads");
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<Api.Leads.LeadCreated>())!.Id;
    }

    private async Task<List<WorkflowRun>> Runs(Guid workflowId) =>
        (await (await As(s => s.Get.Url($"/api/v1/crm/workflows/{workflowId}/runs"))).ReadAsJsonAsync<Paged<WorkflowRun>>())!.Items.ToList();

    private async Task WaitForRun(Guid workflowId, Guid lead)
    {
        for (var i = 0; i < 150; i++)
        {
            if ((await Runs(workflowId)).Any(r => r.LeadId == lead)) return;
            await Task.Delay(200);
        }
        throw new TimeoutException($"No run of workflow {workflowId} for lead {lead}.");
    }

    private Task Toggle(Guid id) => As(s => { s.Post.Url($"/api/v1/crm/workflows/{id}/toggle"); s.StatusCodeShouldBe(200); });

    [Fact]
    public async Task Switching_a_workflow_off_and_on_is_seen_by_the_next_lead()
    {
        var toggled = await Workflow("Av og på");
        // Always on: its run for a lead proves the trigger handler has handled that lead (both are started in one pass).
        var witness = await Workflow("Vitne");

        var first = await CaptureLead("Første Lead");
        await WaitForRun(toggled, first);

        await Toggle(toggled);
        var second = await CaptureLead("Andre Lead");
        await WaitForRun(witness, second);
        (await Runs(toggled)).ShouldNotContain(r => r.LeadId == second, "the workflow was off when the lead came in");

        await Toggle(toggled);
        var third = await CaptureLead("Tredje Lead");
        await WaitForRun(toggled, third);
    }
}
