using ChiroClick.Api.Tools;
using ChiroClick.Tests.Infrastructure;
using ChiroClick.Tests.Leads;
using Npgsql;

namespace ChiroClick.Tests.Tools;

public sealed class ProjectionVerifierTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task verify_passes_on_consistent_projections_and_names_a_tampered_document()
    {
        var lead = await Host.CapturedLead(Clinic);
        await Host.MovedLead(Clinic, lead.Id, "contacted");
        await Host.ConvertedLead(Clinic, lead.Id);
        await WaitForProjections();
        var cs = Environment.GetEnvironmentVariable("ConnectionStrings__Marten")!;
        var verifier = new ProjectionVerifier(cs);

        // Other tests leave data of their own clinics (some with a shifted clock): verify this clinic.
        var clean = await verifier.VerifyAsync([], clinics: [Clinic.Id.ToString()]);

        clean.Select(r => r.Projection).ShouldContain("LeadPipeline");
        clean.SelectMany(r => r.Differences).ShouldBeEmpty();
        clean.Single(r => r.Projection == "LeadSummary").DocumentsCompared.ShouldBeGreaterThan(0);

        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using (var shadow = new NpgsqlCommand("select to_regnamespace('chiroclick_verify') is null", conn))
            ((bool)(await shadow.ExecuteScalarAsync())!).ShouldBeTrue("every verify run drops its shadow schema");
        string original;
        await using (var read = new NpgsqlCommand("select data::text from chiroclick.mt_doc_leadsummary where id = @id", conn))
        {
            read.Parameters.AddWithValue("id", lead.Id);
            original = (string)(await read.ExecuteScalarAsync())!;
        }
        await using (var tamper = new NpgsqlCommand(
            "update chiroclick.mt_doc_leadsummary set data = jsonb_set(data, '{score}', '1') where id = @id", conn))
        {
            tamper.Parameters.AddWithValue("id", lead.Id);
            (await tamper.ExecuteNonQueryAsync()).ShouldBe(1);
        }
        try
        {
            var dirty = await verifier.VerifyAsync(["LeadSummary"], clinics: [Clinic.Id.ToString()]);

            var difference = dirty.Single().Differences.ShouldHaveSingleItem();
            difference.DocumentId.ShouldBe(lead.Id.ToString());
            difference.TenantId.ShouldBe(Clinic.Id.ToString());
            difference.Kind.ShouldBe(ProjectionDifferenceKind.Different);
        }
        finally
        {
            await using var restore = new NpgsqlCommand("update chiroclick.mt_doc_leadsummary set data = @data::jsonb where id = @id", conn);
            restore.Parameters.AddWithValue("id", lead.Id);
            restore.Parameters.AddWithValue("data", original);
            await restore.ExecuteNonQueryAsync();
        }
        await Should.ThrowAsync<ArgumentException>(() => verifier.VerifyAsync(["NoSuchProjection"]));
    }
}
