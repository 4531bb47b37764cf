using System.Text.Json.Nodes;

namespace ChiroClick.Tests.RealServer;

/// <summary>
/// The OpenAPI document the real process serves declares, for every operation, its request body schema and each
/// 4xx it can answer, as problem details, so a client generated from it handles every answer.
/// </summary>
[Collection(RealServerCollection.Name)]
public sealed class OpenApiResponsesTests(RealServerFixture server)
{
    [Fact]
    public async Task Every_operation_declares_its_4xx_answers_as_problem_details()
    {
        var document = JsonNode.Parse(await server.Anonymous.GetStringAsync("/openapi/v1.json"))!;
        var api = new OpenApiOperations(document);
        var missing = new List<string>();
        foreach (var op in api.All)
        {
            var responses = document["paths"]![op.Path]![op.Method.ToLowerInvariant()]!["responses"]!.AsObject();
            var expected = new List<string>();
            if (op.BodySchema is not null || op.Parameters.Count > 0) expected.Add("400");
            if (!op.Anonymous) expected.AddRange(["401", "403", "429"]);
            if (op.PathParameters.Any()) expected.Add("404");
            if (op.BodySchema is not null) expected.AddRange(["413"]);
            foreach (var status in expected.Where(s => !responses.ContainsKey(s)))
                missing.Add($"{op}: no {status}");
            foreach (var (status, response) in responses.Where(r => r.Key.StartsWith('4')))
                if (response?["content"]?["application/problem+json"] is null)
                    missing.Add($"{op}: {status} is not declared as application/problem+json");
            if (op.Method is "POST" or "PUT" && op.BodySchema is null && document["paths"]![op.Path]![op.Method.ToLowerInvariant()]!["requestBody"] is not null)
                missing.Add($"{op}: request body without a JSON schema");
        }
        missing.ShouldBeEmpty();
    }

    [Fact]
    public async Task Endpoints_refused_by_business_rules_declare_422()
    {
        var document = JsonNode.Parse(await server.Anonymous.GetStringAsync("/openapi/v1.json"))!;
        document["paths"]!["/api/v1/crm/leads/{id}/convert"]!["post"]!["responses"]!["422"].ShouldNotBeNull();
        document["paths"]!["/api/v1/ai/suggestions/{id}/accept"]!["post"]!["responses"]!["422"].ShouldNotBeNull();
    }
}
