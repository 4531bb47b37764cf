using ChiroClick.Domain.Leads;
using ChiroClick.Projections.Leads;
using ChiroClick.Tests.Infrastructure;
using JasperFx.Events.Daemon;
using Microsoft.Extensions.DependencyInjection;

namespace ChiroClick.Tests.Leads;

public sealed class PipelineTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private async Task SeedAsync()
    {
        // 5 leads: 2 converted, 1 lost (price), 1 contacted, 1 new.
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add((await Host.CapturedLead(Clinic, LeadScenarios.NewLead($"Lead {i}"))).Id);
        await Host.MovedLead(Clinic, ids[0], "contacted");
        await Host.ConvertedLead(Clinic, ids[0]);
        await Host.ConvertedLead(Clinic, ids[1]);
        await Host.MovedLead(Clinic, ids[2], "lost", "  Price ");
        await Host.MovedLead(Clinic, ids[3], "contacted");
    }

    [Fact]
    public async Task pipeline_figures_follow_the_moves()
    {
        await SeedAsync();
        await WaitForProjections();

        var view = await Host.Pipeline(Clinic);

        view.TotalLeads.ShouldBe(5);
        view.Stage(LeadStage.New).Count.ShouldBe(1);
        view.Stage(LeadStage.Contacted).Count.ShouldBe(1);
        view.Stage(LeadStage.ConsultationBooked).Count.ShouldBe(0);
        view.Stage(LeadStage.Converted).Count.ShouldBe(2);
        view.Stage(LeadStage.Converted).Share.ShouldBe(0.4);
        view.Stage(LeadStage.Lost).Count.ShouldBe(1);
        view.ConversionRate.ShouldBe(0.4);
        view.WinRate!.Value.ShouldBe(0.6667, 0.0001);
        view.MedianDaysToConversion!.Value.ShouldBeInRange(0, 0.01); // converted within the test run
        view.LostReasons.Single().ShouldBe(new ChiroClick.Api.Leads.LostReasonFigure("price", 1));
    }

    [Fact]
    public async Task another_clinic_sees_neither_the_leads_nor_the_pipeline()
    {
        await SeedAsync();
        var other = await Fixture.NewClinicAsync("Other clinic");
        await WaitForProjections();

        (await Host.Pipeline(other)).TotalLeads.ShouldBe(0);
        var ours = await As(s => s.Get.Url("/api/v1/crm/leads"));
        var leadId = (await ours.ReadAsJsonAsync<ChiroClick.Api.Common.Paged<LeadSummary>>())!.Items[0].Id;
        await As(s => { s.Get.Url($"/api/v1/crm/leads/{leadId}"); s.StatusCodeShouldBe(404); }, other);
        await As(s => { s.Put.Json(new { expectedVersion = 2, stage = "contacted" }).ToUrl($"/api/v1/crm/leads/{leadId}"); s.StatusCodeShouldBe(404); }, other);
        var theirs = await As(s => s.Get.Url("/api/v1/crm/leads"), other);
        (await theirs.ReadAsJsonAsync<ChiroClick.Api.Common.Paged<LeadSummary>>())!.TotalCount.ShouldBe(0);
    }

    [Fact]
    public async Task rebuilding_the_pipeline_projection_gives_the_same_figures()
    {
        await SeedAsync();
        await WaitForProjections();
        var before = await Host.Pipeline(Clinic);

        // As the CLI does it: the running daemon steps aside while a dedicated one rebuilds.
        var coordinator = Host.Services.GetRequiredService<IProjectionCoordinator>();
        await coordinator.PauseAsync();
        try
        {
            using var daemon = await Store.BuildProjectionDaemonAsync();
            await daemon.RebuildProjectionAsync<LeadPipelineProjection>(TimeSpan.FromMinutes(1), CancellationToken.None);
        }
        finally
        {
            await coordinator.ResumeAsync();
        }
        await WaitForProjections();

        var after = await Host.Pipeline(Clinic);
        after.TotalLeads.ShouldBe(before.TotalLeads);
        after.Stages.ShouldBe(before.Stages);
        after.ConversionRate.ShouldBe(before.ConversionRate);
        after.WinRate.ShouldBe(before.WinRate);
        after.MedianDaysToConversion.ShouldBe(before.MedianDaysToConversion);
        after.LostReasons.ShouldBe(before.LostReasons);
        after.LastEventAt.ShouldBe(before.LastEventAt);
    }
}
