using System.Text.Json.Nodes;

namespace ChiroClick.Tests.RealServer;

/// <summary>One operation of the API's own OpenAPI document.</summary>
public sealed record ApiOperation(string Method, string Path, IReadOnlyList<ApiParameter> Parameters, JsonNode? BodySchema, bool Anonymous)
{
    public override string ToString() => $"{Method} {Path}";
    public IEnumerable<ApiParameter> PathParameters => Parameters.Where(p => p.In == "path");
    public IEnumerable<ApiParameter> QueryParameters => Parameters.Where(p => p.In == "query");
}

/// <summary>A path or query parameter.</summary>
public sealed record ApiParameter(string Name, string In, JsonNode? Schema);

/// <summary>
/// Reads operations and schemas from an OpenAPI 3.1 document (as the API serves it at /openapi/v1.json) and makes
/// sample JSON values from schemas, so tests cover every route without naming them.
/// </summary>
public sealed class OpenApiOperations(JsonNode document)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    /// <summary>Every operation, in document order.</summary>
    public IReadOnlyList<ApiOperation> All { get; } = Read(document);

    private static List<ApiOperation> Read(JsonNode document)
    {
        var list = new List<ApiOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        foreach (var method in Methods)
        {
            if (item?[method] is not JsonObject op) continue;
            var parameters = (op["parameters"] as JsonArray ?? [])
                .Concat(item["parameters"] as JsonArray ?? [])
                .Where(p => p is not null)
                .Select(p => new ApiParameter(p!["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(), p["schema"]))
                .ToList();
            var body = op["requestBody"]?["content"]?["application/json"]?["schema"];
            var anonymous = op["security"] is JsonArray { Count: 0 } || path.StartsWith("/api/v1/public/", StringComparison.Ordinal)
                            || path.StartsWith("/api/v1/webhooks/", StringComparison.Ordinal);
            list.Add(new ApiOperation(method.ToUpperInvariant(), path, parameters, body, anonymous));
        }
        return list;
    }

    /// <summary>Follows a <c>$ref</c> (and a nullable <c>oneOf: [null, $ref]</c>) to the schema it names.</summary>
    public JsonNode? Resolve(JsonNode? schema)
    {
        for (var i = 0; i < 10 && schema is not null; i++)
        {
            if (schema["$ref"]?.GetValue<string>() is { } reference)
            {
                schema = document["components"]!["schemas"]![reference.Split('/').Last()];
                continue;
            }
            if (schema["oneOf"] is JsonArray oneOf && oneOf.FirstOrDefault(s => s?["type"]?.ToString() != "null") is { } other)
            {
                schema = other;
                continue;
            }
            return schema;
        }
        return schema;
    }

    /// <summary>The property names of an object schema.</summary>
    public IReadOnlyList<string> Properties(JsonNode? schema) =>
        Resolve(schema)?["properties"] is JsonObject props ? props.Select(p => p.Key).ToList() : [];

    /// <summary>The (resolved) schema of one property.</summary>
    public JsonNode? PropertySchema(JsonNode? schema, string property) => Resolve(Resolve(schema)?["properties"]?[property]);

    /// <summary>
    /// A plausible value for <paramref name="schema"/>: an enum's first value, a known id for uuid properties
    /// (<paramref name="ids"/> by property name), tomorrow for date-times, and objects with every property.
    /// </summary>
    public JsonNode? Sample(JsonNode? schema, string name, IReadOnlyDictionary<string, Guid> ids, int depth = 0)
    {
        schema = Resolve(schema);
        if (schema is null || depth > 6) return null;
        if (schema["enum"] is JsonArray values && values.FirstOrDefault(v => v is not null) is { } first) return first.DeepClone();
        var types = TypesOf(schema);
        var format = schema["format"]?.GetValue<string>();
        if (types.Contains("object") || schema["properties"] is not null)
        {
            var obj = new JsonObject();
            foreach (var property in Properties(schema))
                obj[property] = Sample(schema["properties"]![property], property, ids, depth + 1);
            return obj;
        }
        if (types.Contains("array"))
            return new JsonArray(Sample(schema["items"], name, ids, depth + 1));
        if (types.Contains("integer")) return 1;
        if (types.Contains("number")) return 1.5;
        if (types.Contains("boolean")) return true;
        return format switch
        {
            "uuid" => ids.TryGetValue(name, out var id) ? id.ToString() : Guid.NewGuid().ToString(),
            "date-time" => DateTimeOffset.UtcNow.AddDays(1).ToString("O"),
            "date" => "1980-05-17",
            _ => name.Contains("mail", StringComparison.OrdinalIgnoreCase) ? "ola@example.no"
                : name.Contains("phone", StringComparison.OrdinalIgnoreCase) ? "+4791234567"
                : "Test",
        };
    }

    /// <summary>The JSON types a schema allows ("type" as a string or an array).</summary>
    public static HashSet<string> TypesOf(JsonNode? schema) =>
        schema?["type"] switch
        {
            JsonArray a => a.Select(t => t!.GetValue<string>()).ToHashSet(),
            JsonValue v => [v.GetValue<string>()],
            _ => [],
        };
}
