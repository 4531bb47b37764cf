using ChiroClick.Api.Access;
using ChiroClick.Projections.Access;
using ChiroClick.Tests.Infrastructure;
using Marten;

namespace ChiroClick.Tests.Access;

public sealed class AccessTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task no_key_is_401_problem_details()
    {
        var result = await Host.Scenario(s =>
        {
            s.Get.Url("/api/v1/crm/leads");
            s.StatusCodeShouldBe(401);
        });
        result.Context.Response.ContentType.ShouldBe("application/problem+json");
        (await result.ReadAsTextAsync()).ShouldContain("X-Api-Key");
    }

    [Fact]
    public async Task an_unknown_key_is_401()
    {
        await Host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", ApiKeys.NewKey());
            s.Post.Json(new { fullName = "x", phone = "99887766", source = "website" }).ToUrl("/api/v1/crm/leads");
            s.StatusCodeShouldBe(401);
        });
    }

    [Fact]
    public async Task keys_are_stored_only_as_hashes()
    {
        await using var session = Store.QuerySession();
        var record = await session.LoadAsync<ApiKeyRecord>(ApiKeys.Hash(Clinic.Key));

        record.ShouldNotBeNull();
        record.ClinicId.ShouldBe(Clinic.Id);
        record.Id.Length.ShouldBe(64);
        (await session.Query<ApiKeyRecord>().Where(x => x.Id == Clinic.Key).AnyAsync()).ShouldBeFalse();
        var raw = await session.QueryAsync<string>("select data::text from chiroclick.mt_doc_apikeyrecord where id = ?", record.Id);
        raw.Single().ShouldNotContain(Clinic.Key);
    }

    [Fact]
    public async Task a_second_key_acts_as_its_own_user()
    {
        var key = await ApiKeys.IssueKeyAsync(Store, Clinic.Id, "reception", ChiroClick.Domain.Clinics.KeyRole.FrontDesk, null, TimeProvider.System);
        var clinic = Clinic with { Key = key!.Key, User = "reception" };

        var created = await ChiroClick.Tests.Leads.LeadScenarios.CapturedLead(Host, clinic);

        await using var session = Store.QuerySession(Clinic.Id.ToString());
        (await session.Events.FetchStreamAsync(created.Id))[0].UserName.ShouldBe("reception");
        (await ApiKeys.IssueKeyAsync(Store, Guid.CreateVersion7(), "nobody", ChiroClick.Domain.Clinics.KeyRole.Admin, null, TimeProvider.System)).ShouldBeNull();
    }

    [Fact]
    public async Task health_answers_without_a_key_and_reports_ollama_as_degraded_when_it_is_down()
    {
        Ollama.Down = true;
        var result = await Host.Scenario(s =>
        {
            s.Get.Url("/health");
            s.StatusCodeShouldBe(200);
        });
        var body = await result.ReadAsTextAsync();
        body.ShouldContain("\"database\":{\"status\":\"healthy\"");
        body.ShouldContain("\"ollama\":{\"status\":\"degraded\"");
        body.ShouldContain("ollama serve");

        Ollama.Down = false;
        var up = await (await Host.Scenario(s => s.Get.Url("/health"))).ReadAsTextAsync();
        up.ShouldContain("\"ollama\":{\"status\":\"healthy\"");
    }

    [Fact]
    public async Task the_openapi_document_lists_the_lead_routes()
    {
        var result = await Host.Scenario(s => s.Get.Url("/openapi/v1.json"));
        var body = await result.ReadAsTextAsync();
        body.ShouldContain("/api/v1/crm/leads/pipeline");
        body.ShouldContain("/api/v1/crm/leads/{id}/convert");
        body.ShouldContain("\"X-Api-Key\"");
        await Host.Scenario(s => { s.Get.Url("/scalar/v1"); s.StatusCodeShouldBe(200); });
    }
}
