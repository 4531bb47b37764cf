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
    public async Task Every_operation_has_a_verb_first_operation_id_a_summary_a_description_and_a_feature_tag()
    {
        var document = JsonNode.Parse(await server.Anonymous.GetStringAsync("/openapi/v1.json"))!;
        var declaredTags = document["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToHashSet();
        var verbs = new[] { "get", "list", "create", "update", "capture", "convert", "register", "record", "request", "accept", "modify",
            "reject", "stream", "export", "log", "move", "add", "notify", "send", "launch", "schedule", "report", "receive", "opt", "confirm",
            "complete", "toggle", "issue", "revoke", "replay", "erase", "book", "reschedule", "cancel", "check", "search", "ask", "extract",
            "upload", "delete", "find", "lookup", "answer", "start", "end", "mark" };
        var problems = new List<string>();
        var ids = new HashSet<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        foreach (var (method, op) in item!.AsObject())
        {
            var where = $"{method.ToUpperInvariant()} {path}";
            var id = op?["operationId"]?.GetValue<string>();
            if (id is null || !System.Text.RegularExpressions.Regex.IsMatch(id, "^[a-z]+[A-Za-z0-9]*$") || !verbs.Any(v => id.StartsWith(v, StringComparison.Ordinal)))
                problems.Add($"{where}: operationId '{id}' is not a verb-first camelCase name");
            else if (!ids.Add(id)) problems.Add($"{where}: operationId '{id}' is used twice");
            if (string.IsNullOrWhiteSpace(op?["summary"]?.GetValue<string>())) problems.Add($"{where}: no summary");
            if (string.IsNullOrWhiteSpace(op?["description"]?.GetValue<string>())) problems.Add($"{where}: no description");
            var tags = op?["tags"]?.AsArray().Select(t => t!.GetValue<string>()).ToList() ?? [];
            if (tags.Count != 1 || !declaredTags.Contains(tags[0]) || tags[0] == "Other") problems.Add($"{where}: tags [{string.Join(", ", tags)}]");
        }
        document["servers"]!.AsArray().Count.ShouldBeGreaterThan(0);
        document["info"]!["contact"].ShouldNotBeNull();
        document["info"]!["license"].ShouldNotBeNull();
        problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task Endpoints_refused_by_business_rules_declare_422()
    {
        var document = JsonNode.Parse(await server.Anonymous.GetStringAsync("/openapi/v1.json"))!;
        document["paths"]!["/api/v1/crm/leads/{id}/convert"]!["post"]!["responses"]!["422"].ShouldNotBeNull();
        document["paths"]!["/api/v1/ai/suggestions/{id}/accept"]!["post"]!["responses"]!["422"].ShouldNotBeNull();
    }
}
