using ChiroClick.Api.Analysts;
using ChiroClick.Tests.Infrastructure;
using ChiroClick.Tests.Leads;

namespace ChiroClick.Tests.Analysts;

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

        var rows = await CsvExport.WriteAsync(Store, "pipeline", [Clinic.Id.ToString()], file);

        rows.ShouldBe(5);
        var lines = await File.ReadAllLinesAsync(file);
        lines[0].ShouldBe("clinic_id,stage,count,share,total_leads,conversion_rate,win_rate,median_days_to_conversion");
        lines.ShouldContain(l => l.StartsWith($"{Clinic.Id},converted,1,0.5,2,0.5,1,"));
        lines.ShouldContain($"{Clinic.Id},new,1,0.5,2,0.5,1,{lines.Single(l => l.Contains(",new,")).Split(',')[7]}");
        await Should.ThrowAsync<ArgumentException>(() => CsvExport.WriteAsync(Store, "nope", [], file));
        File.Delete(file);
    }
}
