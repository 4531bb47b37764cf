using System.Text.Json;
using System.Text.RegularExpressions;
using ChiroClick.Api.Audit;
using ChiroClick.Tests.Patients;
using ChiroClick.Tests.Infrastructure;
using ChiroClick.Tests.Leads;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ChiroClick.Tests.Audit;

/// <summary>The complete access log: every GET in the OpenAPI document is logged or on the documented aggregate list.</summary>
public sealed class AccessLogCoverageTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private sealed record Row(long Id, string Route, int? Status, string[] QueryParameters, Guid[] PatientIds, Guid[] LeadIds, int? RowCount,
        string Role, string UserName, string? CorrelationId, string AllText);

    private async Task<List<Row>> LogRows(long after = 0)
    {
        await using var conn = new NpgsqlConnection(Environment.GetEnvironmentVariable("ConnectionStrings__Marten"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            select id, route, status, query_parameters, patient_ids, lead_ids, row_count, role, user_name, correlation_id, row_to_json(l)::text
            from chiroclick.record_access_log l where tenant_id = $1 and id > $2 order by id
            """, conn);
        cmd.Parameters.AddWithValue(Clinic.Id.ToString());
        cmd.Parameters.AddWithValue(after);
        var rows = new List<Row>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
            rows.Add(new Row(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetInt32(2), r.GetFieldValue<string[]>(3),
                r.GetFieldValue<Guid[]>(4), r.GetFieldValue<Guid[]>(5), r.IsDBNull(6) ? null : r.GetInt32(6), r.GetString(7), r.GetString(8),
                r.IsDBNull(9) ? null : r.GetString(9), r.GetString(10)));
        return rows;
    }

    [Fact]
    public async Task every_get_in_the_openapi_document_is_logged_or_on_the_aggregate_list()
    {
        var patient = await Host.RegisteredPatient(Clinic);
        var lead = await Host.CapturedLead(Clinic);
        var doc = await (await Host.Scenario(s => s.Get.Url("/openapi/v1.json"))).ReadAsJsonAsync<JsonElement>();
        var gets = doc.GetProperty("paths").EnumerateObject()
            .Where(p => p.Value.TryGetProperty("get", out _))
            .Select(p => p.Name)
            .Where(p => !p.StartsWith("/api/v1/public/")) // no key: the patient's own opt-out page, no authenticated user to log
            .ToList();
        gets.Count.ShouldBeGreaterThan(30);
        foreach (var listed in AccessLogPolicy.NotLogged.Keys) gets.ShouldContain(listed, $"{listed} is on the aggregate list but not in the API");

        long cursor = 0;
        var failures = new List<string>();
        foreach (var template in gets)
        {
            var id = template.StartsWith("/api/v1/patients") ? patient.Id : template.StartsWith("/api/v1/crm/leads") ? lead.Id : Guid.NewGuid();
            var url = Regex.Replace(template, @"\{\w+\}", id.ToString());
            var response = await As(s => { s.Get.Url(url); s.IgnoreStatusCode(); });
            var status = response.Context.Response.StatusCode;
            if (status >= 500) failures.Add($"{template}: {status}");

            var rows = await LogRows(cursor);
            if (rows.Count > 0) cursor = rows[^1].Id;
            var mine = rows.Where(r => r.Route == template).ToList();
            if (AccessLogPolicy.NotLogged.ContainsKey(template))
            {
                if (mine.Count != 0) failures.Add($"{template} is aggregate-only but was logged");
            }
            else if (mine.Count != 1 || mine[0].Status != status)
            {
                failures.Add($"{template} ({status}) logged {mine.Count} times" + (mine.Count == 1 ? $" with status {mine[0].Status}" : ""));
            }
        }
        failures.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_read_records_role_route_status_ids_and_row_count_but_no_query_values()
    {
        var kari = await Host.RegisteredPatient(Clinic, "Kari Nordmann", "+47 99 88 77 66");
        await Host.RegisteredPatient(Clinic, "Per Hansen", "+47 41 22 33 44");
        var lead = await Host.CapturedLead(Clinic);

        await As(s => s.Get.Url("/api/v1/patients?phone=%2B4799887766"));
        await As(s => s.Get.Url($"/api/v1/crm/leads/{lead.Id}"));
        await As(s => s.Get.Url("/api/v1/patients?pageSize=10"));
        await As(s => { s.Get.Url($"/api/v1/patients/{Guid.NewGuid()}"); s.StatusCodeShouldBe(404); });

        var rows = await LogRows();
        rows.Count.ShouldBe(4);
        var lookup = rows[0];
        lookup.Route.ShouldBe("/api/v1/patients");
        lookup.Status.ShouldBe(200);
        lookup.QueryParameters.ShouldBe(["phone"]);
        lookup.PatientIds.ShouldBe([kari.Id]);
        lookup.RowCount.ShouldBe(1);
        lookup.Role.ShouldBe("admin");
        lookup.UserName.ShouldBe(Clinic.User);
        lookup.CorrelationId.ShouldNotBeNullOrEmpty();
        rows[1].Route.ShouldBe("/api/v1/crm/leads/{id}");
        rows[1].LeadIds.ShouldBe([lead.Id]);
        rows[1].PatientIds.ShouldBeEmpty();
        rows[1].RowCount.ShouldBe(1);
        rows[2].RowCount.ShouldBe(2);
        rows[2].PatientIds.Length.ShouldBe(2);
        rows[3].Status.ShouldBe(404);
        rows[3].RowCount.ShouldBe(0);
        foreach (var row in rows)
        {
            row.AllText.ShouldNotContain("99887766");
            row.AllText.ShouldNotContain("Kari");
        }

        // "Who has seen Kari?" finds the lookup and the list by the ids in the answers.
        var page = (await (await As(s => s.Get.Url($"/api/v1/audit/access?recordId={kari.Id}"))).ReadAsJsonAsync<RecordAccessPage>())!;
        page.Items.Select(i => i.Id).ShouldBe([rows[0].Id, rows[2].Id]);
        page.Items[0].QueryParameters.ShouldBe(["phone"]);
        page.Items[0].Route.ShouldBe("/api/v1/patients");
    }

    [Fact]
    public async Task a_cli_export_writes_one_access_record()
    {
        var log = Host.Services.GetRequiredService<RecordAccessLog>();
        await log.AppendCliAsync(Clinic.Id.ToString(), "training export", new AccessedRecords([], [], 17), CancellationToken.None);

        var row = (await LogRows()).ShouldHaveSingleItem();
        row.Route.ShouldBe("training export");
        row.RowCount.ShouldBe(17);
        row.UserName.ShouldStartWith("cli:");
        row.Role.ShouldBe("admin");
    }
}
