using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ChiroClick.Api.Infrastructure;

/// <summary>
/// Lists on every operation of the OpenAPI document each 4xx answer it can give, all as RFC 9457 problem details
/// (<c>application/problem+json</c>), so a generated client handles every answer:
/// 400 when it takes parameters or a body (the input policies: malformed, <c>null</c> or non-object bodies,
/// control characters, wrong types); 401, 403 and 429 when it needs a key (no or unknown key; a role that may not
/// call it; the per-key rate limit); 404 when a path names a record; 413 when it takes a body (over
/// <c>Limits:MaxRequestBodyBytes</c>). 409 and 422 come from the endpoints' own declarations (stale versions,
/// <see cref="Common.BusinessRuleResponseAttribute"/>). Responses an endpoint already declares keep their
/// description and gain the problem content.
/// </summary>
public static class OpenApiProblemResponses
{
    private static readonly Dictionary<string, string> Descriptions = new()
    {
        ["400"] = "Invalid input: a malformed, `null` or non-object body, a control character in text, a wrong-typed or invalid field (see `errors`).",
        ["401"] = "No API key, or one that is unknown, revoked or expired (header `X-Api-Key`).",
        ["403"] = "The key's role may not call this operation; the problem names the roles that may.",
        ["404"] = "No such record in the key's clinic (another clinic's record is not found either).",
        ["409"] = "Conflict: `expectedVersion` is stale, or the record is in a state that refuses the command.",
        ["413"] = "The request body is larger than the server accepts.",
        ["422"] = "A business rule refuses the command; `detail` says which.",
        ["429"] = "Too many requests for this key (or concurrent AI calls for this clinic); retry after `Retry-After` seconds.",
    };

    /// <summary>Adds the transformer to the document's options.</summary>
    public static OpenApiOptions AddProblemResponses(this OpenApiOptions options) =>
        options.AddOperationTransformer(async (operation, context, ct) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var anonymous = metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any();
            var hasBody = operation.RequestBody is not null;
            var parameters = context.Description.ParameterDescriptions;
            var hasPathId = parameters.Any(p => p.Source?.Id == "Path") || context.Description.RelativePath?.Contains('{') == true;

            var statuses = new List<string>();
            if (hasBody || parameters.Count > 0) statuses.Add("400");
            if (!anonymous) statuses.AddRange(["401", "403", "429"]);
            if (hasPathId) statuses.Add("404");
            if (hasBody) statuses.Add("413");

            operation.Responses ??= new OpenApiResponses();
            // Registers ProblemDetails under components (once) and refers to it from every 4xx.
            await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, ct);
            var problemSchema = new OpenApiSchemaReference(nameof(ProblemDetails), context.Document);
            foreach (var status in statuses.Concat(operation.Responses.Keys.Where(k => k.StartsWith('4'))).Distinct().ToList())
            {
                if (operation.Responses.TryGetValue(status, out var existing) && existing is OpenApiResponse declared)
                {
                    declared.Description = Descriptions.GetValueOrDefault(status, declared.Description ?? status);
                    declared.Content ??= new Dictionary<string, OpenApiMediaType>();
                    declared.Content.Remove("application/json");
                    declared.Content["application/problem+json"] = new OpenApiMediaType { Schema = problemSchema };
                    continue;
                }
                operation.Responses[status] = new OpenApiResponse
                {
                    Description = Descriptions.GetValueOrDefault(status, status),
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problemSchema } },
                };
            }
        });
}
