using ChiroClick.Api.Tools;
using ChiroClick.Tests.Infrastructure;
using ChiroClick.Tests.Leads;

namespace ChiroClick.Tests.Tools;

public sealed class CsvExportTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task the_pipeline_exports_one_row_per_stage_for_the_clinic()
    {
        var a = await Host.CapturedLead(Clinic);
        await Host.CapturedLead(Clinic, LeadScenarios.NewLead("Per Hansen"));
        await Host.ConvertedLead(Clinic, a.Id);
        await WaitForProjections();
        var file = Path.Combine(Path.GetTempPath(), $"pipeline-{Guid.NewGuid():N}.csv");

        var rows = await CsvExport.WriteAsync(Store, "pipeline", [Clinic.Id.ToString()], file, TimeProvider.System);

        rows.ShouldBe(5);
        var lines = await File.ReadAllLinesAsync(file);
        lines[0].ShouldBe("clinic_id,stage,count,share,total_leads,conversion_rate,win_rate,median_days_to_conversion");
        lines.ShouldContain(l => l.StartsWith($"{Clinic.Id},converted,1,0.5,2,0.5,1,"));
        lines.ShouldContain($"{Clinic.Id},new,1,0.5,2,0.5,1,{lines.Single(l => l.Contains(",new,")).Split(',')[7]}");
        await Should.ThrowAsync<ArgumentException>(() => CsvExport.WriteAsync(Store, "nope", [], file, TimeProvider.System));
        File.Delete(file);
    }

    [Fact]
    public async Task nps_exports_per_month_and_overall()
    {
        var created = await As(s => { s.Post.Json(new { name = "NPS" }).ToUrl("/api/v1/crm/surveys"); s.StatusCodeShouldBe(201); });
        var surveyId = (await created.ReadAsJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        foreach (var (score, at) in new[] { (10, "2026-05-03T10:00:00Z"), (8, "2026-05-20T10:00:00Z"), (3, "2026-06-02T10:00:00Z") })
            await As(s => { s.Post.Json(new { score, receivedAt = at }).ToUrl($"/api/v1/crm/surveys/{surveyId}/responses"); s.StatusCodeShouldBe(201); });
        var file = Path.Combine(Path.GetTempPath(), $"nps-{Guid.NewGuid():N}.csv");

        var rows = await CsvExport.WriteAsync(Store, "nps", [Clinic.Id.ToString()], file, TimeProvider.System);

        rows.ShouldBe(3);
        (await File.ReadAllLinesAsync(file)).ShouldBe([
            "clinic_id,month,responses,promoters,passives,detractors,nps",
            $"{Clinic.Id},2026-05,2,1,1,0,50",
            $"{Clinic.Id},2026-06,1,0,0,1,-100",
            $"{Clinic.Id},all,3,1,1,1,0",
        ]);
        File.Delete(file);
    }
}
