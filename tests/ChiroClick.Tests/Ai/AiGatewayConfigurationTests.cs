using ChiroClick.AiGateway;
using ChiroClick.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChiroClick.Tests.Ai;

/// <summary>The gateway as configured: routing and timeout overrides, experiment variants, cached model lists, the documented routes.</summary>
public sealed class AiGatewayConfigurationTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task routing_and_timeouts_can_be_overridden_in_configuration()
    {
        var options = Host.Services.GetRequiredService<IOptions<AiOptions>>().Value;
        options.Routing["general"] = "medical";
        options.Tasks["general"] = new TaskOverrides { NumCtx = 2048, Temperature = 0.9f };
        try
        {
            var suggestion = await Host.Suggestion(Clinic, "general");
            suggestion.Str("role").ShouldBe("medical");
            Ollama.ChatRequests.Single().Model.ShouldBe("chiro-medical");
            Ollama.ChatRequests.Single().Options!["num_ctx"]!.GetValue<int>().ShouldBe(2048);
        }
        finally
        {
            options.Routing.Remove("general");
            options.Tasks.Remove("general");
        }
    }

    [Fact]
    public async Task an_experiment_variant_changes_model_and_prompt_and_is_recorded()
    {
        var options = Host.Services.GetRequiredService<IOptions<AiOptions>>().Value;
        Ollama.Models = [.. FakeOllama.DefaultModels, "chiro-no-v2"];
        options.Experiments["clinical_summary"] = new ExperimentOptions
        {
            ControlWeight = 0,
            Variants = [new VariantOptions { Name = "v2-kort", Weight = 1, Model = "chiro-no-v2", SystemPrompt = "Oppsummer kort på norsk." }],
        };
        try
        {
            var suggestion = await Host.Suggestion(Clinic, "clinical_summary");
            suggestion.Str("variant").ShouldBe("v2-kort");
            suggestion.Str("modelUsed").ShouldBe("chiro-no-v2");
            Ollama.ChatRequests.Single().SystemPrompt.ShouldBe("Oppsummer kort på norsk.");

            options.Experiments["clinical_summary"].ControlWeight = 1;
            options.Experiments["clinical_summary"].Variants[0].Weight = 0;
            (await Host.Suggestion(Clinic, "clinical_summary"))["variant"].ShouldBeNull();

            await WaitForProjections();
            var rows = (await Host.GetJson(Clinic, "/api/v1/ai/metrics?task=clinical_summary"))["rows"]!.AsArray();
            rows.Select(r => $"{r!["model"]}/{r["variant"]}/{r["suggestions"]}").OrderBy(x => x)
                .ShouldBe(["chiro-no-v2/v2-kort/1", "chiro-no/control/1"]);
        }
        finally
        {
            options.Experiments.Remove("clinical_summary");
        }
    }

    [Fact]
    public async Task a_model_removed_after_the_list_was_cached_falls_back_on_the_404()
    {
        await Host.Suggestion(Clinic, "spell_check");
        Ollama.Models = ["chiro-no"];

        var suggestion = await Host.Suggestion(Clinic, "spell_check");

        suggestion.Str("modelUsed").ShouldBe("chiro-no");
        suggestion["fallback"]!.GetValue<bool>().ShouldBeTrue();
        Ollama.ChatRequests.Select(r => r.Model).ShouldBe(["chiro-norwegian", "chiro-norwegian", "chiro-no"]);
    }

    [Fact]
    public async Task the_openapi_document_lists_the_ai_routes()
    {
        var body = await (await Host.Scenario(s => s.Get.Url("/openapi/v1.json"))).ReadAsTextAsync();
        foreach (var route in new[] { "/api/v1/ai/suggestions", "/api/v1/ai/suggestions/stream", "/api/v1/ai/suggestions/{id}/modify",
                     "/api/v1/ai/metrics", "/api/v1/ai/models" })
            body.ShouldContain($"\"{route}\"");
    }
}
