using System.Diagnostics;
using System.Text.Json.Nodes;
using ChiroClick.Domain.Ai;
using ChiroClick.Tests.Infrastructure;
using ChiroClick.Tests.Leads;

namespace ChiroClick.Tests.Ai;

public sealed class AiGatewayTests(AppFixture fixture) : IntegrationContext(fixture)
{
    public static TheoryData<string, string, string> Routes => new()
    {
        { "spell_check", "norwegian", "chiro-norwegian" },
        { "soap_norwegian", "norwegian", "chiro-norwegian" },
        { "sms_generation", "norwegian", "chiro-norwegian" },
        { "diagnosis", "medical", "chiro-medical" },
        { "red_flags", "medical", "chiro-medical" },
        { "clinical_reasoning", "medical", "chiro-medical" },
        { "quick_suggestion", "fast", "chiro-fast" },
        { "autocomplete", "fast", "chiro-fast" },
        { "general", "default", "chiro-no" },
        { "clinical_summary", "default", "chiro-no" },
        { "assistant_chat", "default", "chiro-no" },
    };

    private static string StructuredReply(FakeOllamaRequest r) =>
        r.Format is null ? FakeOllama.DefaultReply(r)
        : r.Format.ToJsonString().Contains("diagnoses")
            ? """{"diagnoses":[{"code":"L03","title":"Korsrygg","confidence":0.82,"rationale":"Belastningsutløst smerte uten utstråling."},{"code":"X99Z","title":"Oppdiktet","confidence":0.95,"rationale":"Finnes ikke."},{"code":"l84","title":"Ryggsyndrom","confidence":0.4,"rationale":"Mulig."}]}"""
            : """{"flags":[{"flag":"Mulig cauda equina","severity":"high","evidence":"nummenhet i setet"},{"flag":"","severity":"high","evidence":"tomt"},{"flag":"Feber","severity":"catastrophic","evidence":"ugyldig alvorlighet"}]}""";

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task every_task_reaches_its_configured_model_with_its_options(string task, string role, string model)
    {
        Ollama.Reply = StructuredReply;

        var suggestion = await Host.Suggestion(Clinic, task);

        suggestion.Str("task").ShouldBe(task);
        suggestion.Str("role").ShouldBe(role);
        suggestion.Str("requestedModel").ShouldBe(model);
        suggestion.Str("modelUsed").ShouldBe(model);
        suggestion["fallback"]!.GetValue<bool>().ShouldBeFalse();
        var call = Ollama.ChatRequests.Single();
        call.Model.ShouldBe(model);
        call.SystemPrompt!.ShouldContain("norsk");
        call.UserPrompt.ShouldBe("Smerter i korsryggen etter løft, ingen utstråling.");
        call.Options!["temperature"]!.GetValue<double>().ShouldBeInRange(0, 1);
        call.Options["num_predict"]!.GetValue<int>().ShouldBeGreaterThan(0);
        call.Options["num_ctx"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(1024);
        call.KeepAlive.ShouldNotBeNullOrEmpty();
        (call.Format is not null).ShouldBe(task is "diagnosis" or "red_flags");
        suggestion["promptTokens"]!.GetValue<int>().ShouldBe(42);
        suggestion["evalTokens"]!.GetValue<int>().ShouldBeGreaterThan(0);

        await using var session = Store.QuerySession(Clinic.Id.ToString());
        var events = await session.Events.FetchStreamAsync(suggestion.Id());
        var generated = events.Single().Data.ShouldBeOfType<AiSuggestionGenerated>();
        generated.ModelUsed.ShouldBe(model);
        generated.SystemPrompt.ShouldBe(call.SystemPrompt);
        generated.Output.ShouldBe(suggestion.Str("output"));
        events.Single().UserName.ShouldBe("tester");
    }

    [Fact]
    public async Task fast_tasks_use_short_options_and_other_tasks_a_larger_context()
    {
        await Host.Suggestion(Clinic, "autocomplete");
        await Host.Suggestion(Clinic, "clinical_summary");
        var (fast, summary) = (Ollama.ChatRequests[0], Ollama.ChatRequests[1]);
        fast.Options!["num_predict"]!.GetValue<int>().ShouldBe(32);
        fast.KeepAlive.ShouldBe("30m");
        summary.Options!["num_ctx"]!.GetValue<int>().ShouldBe(8192);
        summary.Options["temperature"]!.GetValue<double>().ShouldBe(0.3, 0.001);
    }

    [Fact]
    public async Task a_missing_model_falls_back_to_the_default_model_and_says_so()
    {
        Ollama.Models = ["chiro-no", "chiro-fast", "chiro-norwegian"];

        var suggestion = await Host.Suggestion(Clinic, "clinical_reasoning");

        suggestion.Str("requestedModel").ShouldBe("chiro-medical");
        suggestion.Str("modelUsed").ShouldBe("chiro-no");
        suggestion["fallback"]!.GetValue<bool>().ShouldBeTrue();
        Ollama.ChatRequests.Single().Model.ShouldBe("chiro-no");
        await using var session = Store.QuerySession(Clinic.Id.ToString());
        var generated = (AiSuggestionGenerated)(await session.Events.FetchStreamAsync(suggestion.Id())).Single().Data;
        generated.Fallback.ShouldBeTrue();
        generated.RequestedModel.ShouldBe("chiro-medical");

        // The model list is cached: a second call does not ask /api/tags again.
        await Host.Suggestion(Clinic, "diagnosis", status: 502); // default reply is not JSON → 502, after routing
        Ollama.Requests.Count(r => r.Path == "/api/tags").ShouldBe(1);

        var models = await Host.GetJson(Clinic, "/api/v1/ai/models");
        models["ollamaReachable"]!.GetValue<bool>().ShouldBeTrue();
        var medical = models["roles"]!.AsArray().Single(r => r!["role"]!.GetValue<string>() == "medical")!;
        medical["configuredModel"]!.GetValue<string>().ShouldBe("chiro-medical");
        medical["present"]!.GetValue<bool>().ShouldBeFalse();
        medical["fallbackInEffect"]!.GetValue<bool>().ShouldBeTrue();
        medical["modelUsed"]!.GetValue<string>().ShouldBe("chiro-no");
        var fast = models["roles"]!.AsArray().Single(r => r!["role"]!.GetValue<string>() == "fast")!;
        fast["present"]!.GetValue<bool>().ShouldBeTrue();
        fast["fallbackInEffect"]!.GetValue<bool>().ShouldBeFalse();
        models["hint"]!.GetValue<string>().ShouldContain("build-models.sh");
        models["tasks"]!.AsArray().Count.ShouldBe(12);
    }

    [Fact]
    public async Task ollama_down_is_503_with_how_to_start_it_and_nothing_is_recorded()
    {
        Ollama.Down = true;

        var problem = await Host.Suggestion(Clinic, "general", status: 503);

        problem["status"]!.GetValue<int>().ShouldBe(503);
        problem.Str("detail").ShouldContain("ollama serve");
        problem.Str("detail").ShouldContain("ai-training/build-models.sh");
        (await Host.GetJson(Clinic, "/api/v1/ai/suggestions"))["totalCount"]!.GetValue<long>().ShouldBe(0);
        var models = await Host.GetJson(Clinic, "/api/v1/ai/models");
        models["ollamaReachable"]!.GetValue<bool>().ShouldBeFalse();
        models["hint"]!.GetValue<string>().ShouldContain("ollama serve");
    }

    [Fact]
    public async Task a_model_missing_everywhere_is_503_with_how_to_build_it()
    {
        Ollama.Models = ["something-else"];
        var problem = await Host.Suggestion(Clinic, "general", status: 503);
        problem.Str("detail").ShouldContain("build-models.sh");
    }

    [Fact]
    public async Task a_slow_fast_model_is_504_after_the_three_second_limit()
    {
        Ollama.Delay = TimeSpan.FromSeconds(10);
        var watch = Stopwatch.StartNew();

        var problem = await Host.Suggestion(Clinic, "quick_suggestion", status: 504);

        watch.Elapsed.ShouldBeInRange(TimeSpan.FromSeconds(2.9), TimeSpan.FromSeconds(6));
        problem.Str("detail").ShouldContain("3 s");
        (await Host.GetJson(Clinic, "/api/v1/ai/suggestions"))["totalCount"]!.GetValue<long>().ShouldBe(0);
    }

    [Fact]
    public async Task diagnosis_uses_a_json_schema_and_drops_codes_outside_icpc2()
    {
        Ollama.Reply = StructuredReply;

        var suggestion = await Host.Suggestion(Clinic, "diagnosis");

        var schema = Ollama.ChatRequests.Single().Format!;
        schema["type"]!.GetValue<string>().ShouldBe("object");
        schema["properties"]!["diagnoses"]!["items"]!["required"]!.AsArray().Select(n => n!.GetValue<string>())
            .ShouldBe(["code", "title", "confidence", "rationale"]);
        var output = JsonNode.Parse(suggestion.Str("output"))!["diagnoses"]!.AsArray();
        output.Select(d => d!["code"]!.GetValue<string>()).ShouldBe(["L03", "L84"]);
        output[0]!["title"]!.GetValue<string>().ShouldBe("Korsrygg symptomer/plager");
        output[0]!["confidence"]!.GetValue<double>().ShouldBe(0.82);
        suggestion["droppedItems"]!.GetValue<int>().ShouldBe(1);
        suggestion["droppedCodes"]!.AsArray().Single()!.GetValue<string>().ShouldBe("X99Z");
        suggestion["confidence"]!.GetValue<double>().ShouldBe(0.82);

        await using var session = Store.QuerySession(Clinic.Id.ToString());
        var generated = (AiSuggestionGenerated)(await session.Events.FetchStreamAsync(suggestion.Id())).Single().Data;
        generated.Output.ShouldNotContain("X99Z");
        generated.Confidence.ShouldBe(0.82);
    }

    [Fact]
    public async Task red_flags_are_structured_and_malformed_flags_dropped()
    {
        Ollama.Reply = StructuredReply;

        var suggestion = await Host.Suggestion(Clinic, "red_flags");

        var flags = JsonNode.Parse(suggestion.Str("output"))!["flags"]!.AsArray();
        flags.Count.ShouldBe(1);
        flags[0]!["flag"]!.GetValue<string>().ShouldBe("Mulig cauda equina");
        flags[0]!["severity"]!.GetValue<string>().ShouldBe("high");
        flags[0]!["evidence"]!.GetValue<string>().ShouldBe("nummenhet i setet");
        suggestion["droppedItems"]!.GetValue<int>().ShouldBe(2);
        suggestion["confidence"].ShouldBeNull();
    }

    [Fact]
    public async Task an_unknown_task_is_400_listing_the_known_tasks()
    {
        var problem = await Host.Suggestion(Clinic, "horoscope", status: 400);
        var message = problem["errors"]!["task"]![0]!.GetValue<string>();
        message.ShouldContain("horoscope");
        message.ShouldContain("soap_norwegian");
        message.ShouldContain("clinical_summary");
        Ollama.Requests.ShouldBeEmpty();

        (await Host.Suggestion(Clinic, "general", input: "  ", status: 400))["errors"]!["input"].ShouldNotBeNull();
    }

    [Fact]
    public async Task the_patients_decade_goes_into_prompt_and_event_and_an_unknown_patient_is_404()
    {
        var lead = await Host.CapturedLead(Clinic);
        var born = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-47).AddDays(-3);
        var conversion = await Host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", Clinic.Key);
            s.Post.Json(new { birthDate = born }).ToUrl($"/api/v1/crm/leads/{lead.Id}/convert");
            s.StatusCodeShouldBe(201);
        });
        var patientId = Guid.Parse(JsonNode.Parse(await conversion.ReadAsTextAsync())!["patientId"]!.GetValue<string>());

        var suggestion = await Host.Suggestion(Clinic, "soap_norwegian", patientId);

        suggestion.Str("patientAgeRange").ShouldBe("40–49");
        Ollama.ChatRequests.Single().UserPrompt!.ShouldStartWith("Pasientens alder: 40–49 år.");
        await using var session = Store.QuerySession(Clinic.Id.ToString());
        var generated = (AiSuggestionGenerated)(await session.Events.FetchStreamAsync(suggestion.Id())).Single().Data;
        generated.PatientId.ShouldBe(patientId);
        generated.PatientAgeRange.ShouldBe("40–49");

        await Host.Suggestion(Clinic, "general", Guid.CreateVersion7(), status: 404);
        var other = await Fixture.NewClinicAsync("Other clinic");
        await Host.Suggestion(other, "general", patientId, status: 404);
    }

    [Fact]
    public async Task the_streaming_variant_sends_chunks_then_records_the_same_event()
    {
        var result = await As(s =>
        {
            s.Post.Json(AiScenarios.Ask("soap_norwegian")).ToUrl("/api/v1/ai/suggestions/stream");
            s.StatusCodeShouldBe(200);
        });
        result.Context.Response.ContentType.ShouldBe("text/event-stream");
        var text = await result.ReadAsTextAsync();
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        events.Count(e => e.StartsWith("event: chunk")).ShouldBe(3);
        var done = events.Last();
        done.ShouldStartWith("event: done\ndata: ");
        var created = JsonNode.Parse(done["event: done\ndata: ".Length..])!;
        var content = string.Concat(events.Where(e => e.StartsWith("event: chunk"))
            .Select(e => JsonNode.Parse(e["event: chunk\ndata: ".Length..])!["content"]!.GetValue<string>()));
        content.ShouldBe("Forslag fra chiro-norwegian: pasienten bør følges opp om to uker.");
        created.Str("output").ShouldBe(content);

        var stored = await Host.GetJson(Clinic, $"/api/v1/ai/suggestions/{created.Id()}");
        stored.Str("output").ShouldBe(content);
        stored.Str("modelUsed").ShouldBe("chiro-norwegian");

        Ollama.Down = true;
        await As(s =>
        {
            s.Post.Json(AiScenarios.Ask("soap_norwegian")).ToUrl("/api/v1/ai/suggestions/stream");
            s.StatusCodeShouldBe(503);
        });
    }
}
