using System.Text.Json.Nodes;
using Alba;
using ChiroClick.Tests.Infrastructure;

namespace ChiroClick.Tests.Ai;

/// <summary>Scenario steps over the AI API.</summary>
public static class AiScenarios
{
    public static object Ask(string task, string input = "Smerter i korsryggen etter løft, ingen utstråling.", Guid? patientId = null,
        string? context = null) => new { task, patientId, context, input };

    public static async Task<JsonNode> Suggestion(this IAlbaHost host, TestClinic clinic, string task, Guid? patientId = null,
        string input = "Smerter i korsryggen etter løft, ingen utstråling.", int status = 201)
    {
        var result = await host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", clinic.Key);
            s.Post.Json(Ask(task, input, patientId)).ToUrl("/api/v1/ai/suggestions");
            s.StatusCodeShouldBe(status);
        });
        return JsonNode.Parse(await result.ReadAsTextAsync())!;
    }

    public static async Task<JsonNode> Decide(this IAlbaHost host, TestClinic clinic, Guid id, string action, object? body = null,
        int status = 200)
    {
        var result = await host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", clinic.Key);
            s.Post.Json(body ?? new { }).ToUrl($"/api/v1/ai/suggestions/{id}/{action}");
            s.StatusCodeShouldBe(status);
        });
        return JsonNode.Parse(await result.ReadAsTextAsync())!;
    }

    public static async Task<JsonNode> GetJson(this IAlbaHost host, TestClinic clinic, string url, int status = 200)
    {
        var result = await host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", clinic.Key);
            s.Get.Url(url);
            s.StatusCodeShouldBe(status);
        });
        return JsonNode.Parse(await result.ReadAsTextAsync())!;
    }

    public static Guid Id(this JsonNode node) => Guid.Parse(node["id"]!.GetValue<string>());

    public static string Str(this JsonNode node, string name) => node[name]!.GetValue<string>();
}
