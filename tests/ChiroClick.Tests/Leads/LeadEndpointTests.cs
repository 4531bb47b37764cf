using Alba;
using ChiroClick.Api.Common;
using ChiroClick.Api.Leads;
using ChiroClick.Domain.Leads;
using ChiroClick.Projections.Leads;
using ChiroClick.Tests.Infrastructure;
using Marten;

namespace ChiroClick.Tests.Leads;

public sealed class LeadEndpointTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task capturing_a_lead_stores_the_events_with_user_and_correlation_metadata()
    {
        var created = await Host.CapturedLead(Clinic);

        created.Stage.ShouldBe(LeadStage.New);
        created.Score.ShouldBe(15 + 15 + 10 + 15); // website, phone, e-mail, complaint
        await using var session = Store.QuerySession(Clinic.Id.ToString());
        var events = await session.Events.FetchStreamAsync(created.Id);
        events.Select(e => e.Data.GetType()).ShouldBe([typeof(LeadCaptured), typeof(LeadScored)]);
        events[0].UserName.ShouldBe(Clinic.User);
        events[0].CorrelationId.ShouldNotBeNullOrWhiteSpace();
        ((LeadCaptured)events[0].Data).Phone.ShouldBe("+4799887766");
    }

    [Fact]
    public async Task a_lead_reads_back_with_its_version()
    {
        var created = await Host.CapturedLead(Clinic);

        var lead = await Host.Lead(Clinic, created.Id);

        lead.Version.ShouldBe(2);
        lead.FullName.ShouldBe("Kari Nordmann");
        lead.Stage.ShouldBe(LeadStage.New);
    }

    [Fact]
    public async Task stage_json_uses_snake_case()
    {
        var created = await Host.CapturedLead(Clinic);
        await Host.MovedLead(Clinic, created.Id, "consultation_booked");

        var result = await As(s => s.Get.Url($"/api/v1/crm/leads/{created.Id}"));

        (await result.ReadAsTextAsync()).ShouldContain("\"stage\":\"consultation_booked\"");
    }

    [Fact]
    public async Task moving_through_the_pipeline_and_converting_registers_the_patient_in_the_same_transaction()
    {
        var created = await Host.CapturedLead(Clinic);
        await Host.MovedLead(Clinic, created.Id, "contacted");
        await Host.MovedLead(Clinic, created.Id, "consultation_booked");

        var conversion = await Host.ConvertedLead(Clinic, created.Id);

        var lead = await Host.Lead(Clinic, created.Id);
        lead.Stage.ShouldBe(LeadStage.Converted);
        lead.PatientId.ShouldBe(conversion.PatientId);
        lead.Score.ShouldBe(100);
        await using var session = Store.QuerySession(Clinic.Id.ToString());
        var patientEvents = await session.Events.FetchStreamAsync(conversion.PatientId);
        var registered = patientEvents.Single().Data.ShouldBeOfType<ChiroClick.Domain.Patients.PatientRegistered>();
        registered.FromLeadId.ShouldBe(created.Id);
        registered.FullName.ShouldBe("Kari Nordmann");
        var leadEvents = await session.Events.FetchStreamAsync(created.Id);
        leadEvents.Last(e => e.Data is LeadConverted).Sequence.ShouldBeLessThan(patientEvents.Single().Sequence + 10);
        leadEvents.Select(e => e.Data).OfType<LeadStageChanged>().Select(c => (c.From, c.To)).ShouldBe([
            (LeadStage.New, LeadStage.Contacted),
            (LeadStage.Contacted, LeadStage.ConsultationBooked),
            (LeadStage.ConsultationBooked, LeadStage.Converted),
        ]);
    }

    [Fact]
    public async Task updating_details_rescores_and_normalises()
    {
        var created = await Host.CapturedLead(Clinic, LeadScenarios.NewLead(source: "other", email: null, complaint: null));

        var result = await As(s =>
        {
            s.Put.Json(new { expectedVersion = 2, email = "Ola@Example.NO", source = "referral" }).ToUrl($"/api/v1/crm/leads/{created.Id}");
            s.StatusCodeShouldBe(200);
        });

        var updated = (await result.ReadAsJsonAsync<LeadUpdated>())!;
        updated.Score.ShouldBe(30 + 15 + 10);
        updated.Version.ShouldBe(4);
        (await Host.Lead(Clinic, created.Id)).Email.ShouldBe("ola@example.no");
    }

    [Fact]
    public async Task a_stale_version_is_409_and_appends_nothing()
    {
        var created = await Host.CapturedLead(Clinic);
        await Host.MovedLead(Clinic, created.Id, "contacted");

        await As(s =>
        {
            s.Put.Json(new { expectedVersion = 2, stage = "consultation_booked" }).ToUrl($"/api/v1/crm/leads/{created.Id}");
            s.StatusCodeShouldBe(409);
            s.ContentTypeShouldBe("application/problem+json");
        });

        await EventCount(created.Id).ShouldBeAsync(4);
    }

    [Fact]
    public async Task no_move_out_of_a_converted_lead()
    {
        var created = await Host.CapturedLead(Clinic);
        await Host.ConvertedLead(Clinic, created.Id);
        var lead = await Host.Lead(Clinic, created.Id);

        await As(s =>
        {
            s.Put.Json(new { expectedVersion = lead.Version, stage = "contacted" }).ToUrl($"/api/v1/crm/leads/{created.Id}");
            s.StatusCodeShouldBe(422);
        });
        await As(s =>
        {
            s.Post.Json(new { }).ToUrl($"/api/v1/crm/leads/{created.Id}/convert");
            s.StatusCodeShouldBe(422);
        });
        await EventCount(created.Id).ShouldBeAsync(lead.Version);
    }

    [Fact]
    public async Task losing_a_lead_needs_a_reason()
    {
        var created = await Host.CapturedLead(Clinic);

        await As(s =>
        {
            s.Put.Json(new { expectedVersion = 2, stage = "lost" }).ToUrl($"/api/v1/crm/leads/{created.Id}");
            s.StatusCodeShouldBe(400);
        });
        await Host.MovedLead(Clinic, created.Id, "lost", "Too expensive");

        var lead = await Host.Lead(Clinic, created.Id);
        lead.Stage.ShouldBe(LeadStage.Lost);
        lead.LostReason.ShouldBe("Too expensive");
        lead.Score.ShouldBe(0);
    }

    [Theory]
    [InlineData("{\"fullName\":")]                                                            // malformed JSON
    [InlineData("{\"fullName\":\"Ola\",\"phone\":\"99887766\",\"source\":\"carrier_pigeon\"}")] // unknown enum value
    [InlineData("{\"phone\":\"99887766\",\"source\":\"website\"}")]                           // missing name
    [InlineData("{\"fullName\":\"Ola\",\"phone\":\"99887766\"}")]                             // missing source
    [InlineData("{\"fullName\":\"Ola\",\"source\":\"website\"}")]                             // no way to reach the lead
    [InlineData("{\"fullName\":\"Ola\",\"phone\":\"12\",\"source\":\"website\"}")]            // not a phone number
    [InlineData("{\"fullName\":\"Ola\",\"email\":\"not-an-email\",\"source\":\"website\"}")]  // not an e-mail
    public async Task bad_input_is_400_problem_details_and_appends_nothing(string body)
    {
        var before = await AllEventCount();

        var result = await As(s =>
        {
            s.Post.Text(body).ToUrl("/api/v1/crm/leads");
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(400);
        });

        result.Context.Response.ContentType!.ShouldStartWith("application/problem+json");
        (await AllEventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task an_unknown_stage_in_an_update_is_400()
    {
        var created = await Host.CapturedLead(Clinic);

        await As(s =>
        {
            s.Put.Text("{\"expectedVersion\":2,\"stage\":\"won\"}").ToUrl($"/api/v1/crm/leads/{created.Id}");
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(400);
        });
        await EventCount(created.Id).ShouldBeAsync(2);
    }

    [Fact]
    public async Task an_update_without_expected_version_is_400()
    {
        var created = await Host.CapturedLead(Clinic);

        await As(s =>
        {
            s.Put.Json(new { stage = "contacted" }).ToUrl($"/api/v1/crm/leads/{created.Id}");
            s.StatusCodeShouldBe(400);
        });
    }

    [Fact]
    public async Task an_unknown_lead_is_404()
    {
        var id = Guid.CreateVersion7();
        await As(s => { s.Get.Url($"/api/v1/crm/leads/{id}"); s.StatusCodeShouldBe(404); });
        await As(s => { s.Put.Json(new { expectedVersion = 1, stage = "contacted" }).ToUrl($"/api/v1/crm/leads/{id}"); s.StatusCodeShouldBe(404); });
        await As(s => { s.Post.Json(new { }).ToUrl($"/api/v1/crm/leads/{id}/convert"); s.StatusCodeShouldBe(404); });
    }

    [Fact]
    public async Task list_filters_pages_and_orders_stably()
    {
        var a = await Host.CapturedLead(Clinic, LeadScenarios.NewLead("Anne Berg", "referral"));
        var b = await Host.CapturedLead(Clinic, LeadScenarios.NewLead("Bjørn Dahl", "website", complaint: "Nakkesmerter"));
        var c = await Host.CapturedLead(Clinic, LeadScenarios.NewLead("Cecilie Eng", "social_media", email: null, complaint: null));
        await Host.MovedLead(Clinic, b.Id, "contacted");

        async Task<Paged<LeadSummary>> List(string query) =>
            (await (await As(s => s.Get.Url("/api/v1/crm/leads" + query))).ReadAsJsonAsync<Paged<LeadSummary>>())!;

        (await List("")).Items.Select(x => x.Id).ShouldBe([c.Id, b.Id, a.Id]);
        (await List("?stage=contacted")).Items.Select(x => x.Id).ShouldBe([b.Id]);
        (await List("?source=social_media")).Items.Select(x => x.Id).ShouldBe([c.Id]);
        (await List("?minScore=60")).Items.Select(x => x.Id).ShouldBe([b.Id, a.Id]);
        (await List("?q=nakke")).Items.Select(x => x.Id).ShouldBe([b.Id]);
        var page2 = await List("?page=2&pageSize=2");
        page2.Items.Select(x => x.Id).ShouldBe([a.Id]);
        page2.TotalCount.ShouldBe(3);
        await As(s => { s.Get.Url("/api/v1/crm/leads?stage=won"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Get.Url("/api/v1/crm/leads?pageSize=1000"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Get.Url("/api/v1/crm/leads?page=abc"); s.StatusCodeShouldBe(400); });
    }

    private async Task<int> EventCount(Guid streamId)
    {
        await using var session = Store.QuerySession(Clinic.Id.ToString());
        return (await session.Events.FetchStreamAsync(streamId)).Count;
    }

    private async Task<long> AllEventCount()
    {
        await using var session = Store.QuerySession(Clinic.Id.ToString());
        return await session.Events.QueryAllRawEvents().CountAsync();
    }
}

internal static class TaskAssertions
{
    public static async Task ShouldBeAsync(this Task<int> actual, int expected) => (await actual).ShouldBe(expected);
}
