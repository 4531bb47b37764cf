using ChiroClick.Api.Audit;
using ChiroClick.Domain.Leads;
using ChiroClick.Projections.Leads;
using ChiroClick.Tests.Infrastructure;
using ChiroClick.Tests.Leads;
using Npgsql;

namespace ChiroClick.Tests.Audit;

public sealed class AuditTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task a_streams_history_lists_every_event_with_its_metadata()
    {
        var lead = await Host.CapturedLead(Clinic);
        await Host.MovedLead(Clinic, lead.Id, "contacted");

        var history = (await (await As(s => s.Get.Url($"/api/v1/audit/streams/{lead.Id}"))).ReadAsJsonAsync<List<EventRecord>>())!;

        history.Select(e => e.Type).ShouldBe(["lead_captured", "lead_scored", "lead_stage_changed", "lead_scored"]);
        history.Select(e => e.Version).ShouldBe([1L, 2L, 3L, 4L]);
        history.ShouldAllBe(e => e.UserName == Clinic.User && e.CorrelationId != null);
        history[2].Data.GetProperty("to").GetString().ShouldBe("contacted");
        history.Select(e => e.Sequence).ShouldBeInOrder();
    }

    [Fact]
    public async Task another_clinics_stream_is_404()
    {
        var lead = await Host.CapturedLead(Clinic);
        var other = await Fixture.NewClinicAsync("Other");

        await As(s => { s.Get.Url($"/api/v1/audit/streams/{lead.Id}"); s.StatusCodeShouldBe(404); }, other);
    }

    [Fact]
    public async Task events_filter_by_type_and_page_by_sequence()
    {
        for (var i = 0; i < 3; i++) await Host.CapturedLead(Clinic, LeadScenarios.NewLead($"Lead {i}"));

        var first = (await (await As(s => s.Get.Url("/api/v1/audit/events?type=lead_captured&limit=2"))).ReadAsJsonAsync<EventPage>())!;
        var second = (await (await As(s => s.Get.Url($"/api/v1/audit/events?type=lead_captured&limit=2&after={first.NextAfter}"))).ReadAsJsonAsync<EventPage>())!;

        first.Items.Count.ShouldBe(2);
        first.NextAfter.ShouldNotBeNull();
        second.Items.Count.ShouldBe(1);
        second.NextAfter.ShouldBeNull();
        first.Items.Concat(second.Items).ShouldAllBe(e => e.Type == "lead_captured");
        (await (await As(s => s.Get.Url($"/api/v1/audit/events?user=nobody"))).ReadAsJsonAsync<EventPage>())!.Items.ShouldBeEmpty();
        await As(s => { s.Get.Url("/api/v1/audit/events?limit=0"); s.StatusCodeShouldBe(400); });
    }

    [Fact]
    public async Task a_lead_reads_as_it_was_at_a_version_or_time()
    {
        var lead = await Host.CapturedLead(Clinic);
        await Host.MovedLead(Clinic, lead.Id, "contacted");
        await using (var session = Store.QuerySession(Clinic.Id.ToString()))
        {
            var events = await session.Events.FetchStreamAsync(lead.Id);
            var capturedAt = events[1].Timestamp;

            var asOf = await As(s => s.Get.Url($"/api/v1/crm/leads/{lead.Id}?asOf={Uri.EscapeDataString(capturedAt.ToString("O"))}"));
            (await asOf.ReadAsJsonAsync<LeadSummary>())!.Stage.ShouldBe(LeadStage.New);
        }
        await Host.MovedLead(Clinic, lead.Id, "lost", "no answer");

        var v2 = (await (await As(s => s.Get.Url($"/api/v1/crm/leads/{lead.Id}?version=3"))).ReadAsJsonAsync<LeadSummary>())!;
        v2.Stage.ShouldBe(LeadStage.Contacted);
        v2.Version.ShouldBe(3);
        (await Host.Lead(Clinic, lead.Id)).Stage.ShouldBe(LeadStage.Lost);
        await As(s => { s.Get.Url($"/api/v1/crm/leads/{lead.Id}?version=99"); s.StatusCodeShouldBe(404); });
        await As(s => { s.Get.Url($"/api/v1/crm/leads/{lead.Id}?asOf=2000-01-01T00:00:00Z"); s.StatusCodeShouldBe(404); });
    }

    [Fact]
    public async Task a_patient_reads_as_it_was_at_a_version()
    {
        var created = await As(s => { s.Post.Json(new { fullName = "Kari Nordmann", phone = "99887766" }).ToUrl("/api/v1/patients"); s.StatusCodeShouldBe(201); });
        var id = (await created.ReadAsJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        await As(s => { s.Put.Json(new { expectedVersion = 1, fullName = "Kari Hansen" }).ToUrl($"/api/v1/patients/{id}"); s.StatusCodeShouldBe(200); });

        var then = await (await As(s => s.Get.Url($"/api/v1/patients/{id}?version=1"))).ReadAsJsonAsync<System.Text.Json.JsonElement>();
        var now = await (await As(s => s.Get.Url($"/api/v1/patients/{id}"))).ReadAsJsonAsync<System.Text.Json.JsonElement>();

        then.GetProperty("fullName").GetString().ShouldBe("Kari Nordmann");
        now.GetProperty("fullName").GetString().ShouldBe("Kari Hansen");
        await As(s => { s.Get.Url($"/api/v1/patients/{id}?version=5"); s.StatusCodeShouldBe(404); });
        await As(s => { s.Get.Url($"/api/v1/patients/{id}?version=1&asOf=2026-01-01T00:00:00Z"); s.StatusCodeShouldBe(400); });
    }

    [Fact]
    public async Task audited_reads_are_logged_with_user_and_key()
    {
        var lead = await Host.CapturedLead(Clinic);
        await As(s => s.Get.Url($"/api/v1/audit/streams/{lead.Id}"));

        var log = (await (await As(s => s.Get.Url("/api/v1/audit/access"))).ReadAsJsonAsync<RecordAccessPage>())!;

        var entry = log.Items.First();
        entry.Path.ShouldBe($"/api/v1/audit/streams/{lead.Id}");
        entry.RecordId.ShouldBe(lead.Id.ToString());
        entry.UserName.ShouldBe(Clinic.User);
        entry.KeyPrefix.ShouldBe(Clinic.Key[..8]);
        var other = await Fixture.NewClinicAsync("Other");
        (await (await As(s => s.Get.Url("/api/v1/audit/access"), other)).ReadAsJsonAsync<RecordAccessPage>())!.Items
            .ShouldAllBe(e => e.UserName != Clinic.User || e.Path == "/api/v1/audit/access");
    }

    [Fact]
    public async Task the_access_log_cannot_be_altered_or_deleted()
    {
        await As(s => s.Get.Url("/api/v1/audit/access"));
        var cs = Environment.GetEnvironmentVariable("ConnectionStrings__Marten")!;
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();

        foreach (var sql in new[]
                 {
                     "update chiroclick.record_access_log set user_name = 'x'",
                     "delete from chiroclick.record_access_log",
                     "truncate chiroclick.record_access_log",
                 })
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            var ex = await Should.ThrowAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
            ex.MessageText.ShouldContain("append-only");
        }
    }
}
