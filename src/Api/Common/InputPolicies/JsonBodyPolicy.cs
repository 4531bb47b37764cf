using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;

namespace ChiroClick.Api.Common.InputPolicies;

/// <summary>
/// One policy for every JSON request body, applied before any endpoint runs, so no handler ever sees (and no
/// event ever carries) a body it cannot use. For an endpoint that declares a request body:
/// <list type="bullet">
/// <item>the body must be present, valid UTF-8, well-formed JSON nested at most <see cref="MaxDepth"/> levels,
/// and a JSON <b>object</b> (not <c>null</c>, an array or a scalar) → else 400;</item>
/// <item>no string (value or property name) may hold a control character other than tab, line feed and carriage
/// return, or a lone UTF-16 surrogate (PostgreSQL's jsonb refuses <c>\u0000</c> and lone surrogates) → else 400
/// with the field's JSON path in <c>errors</c>;</item>
/// <item>no string may be the all-zero UUID: it names no record and Marten refuses it as a stream id → 400.</item>
/// </list>
/// Wrong-typed values are left to the deserializer, whose error already names the property
/// (<see cref="BadJsonExceptionHandler"/>). The body is buffered and rewound for the endpoint. Bodies over the
/// server's limit surface as <see cref="BadHttpRequestException"/> (413) from the read.
/// </summary>
public sealed class JsonBodyPolicy(RequestDelegate next)
{
    /// <summary>Deepest nesting accepted (the default of System.Text.Json; no request of this API needs more than 4).</summary>
    public const int MaxDepth = 64;

    private const int MaxErrors = 20;

    /// <summary>Runs the checks for endpoints with a request body, then the rest of the pipeline.</summary>
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        var accepts = context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>();
        if (accepts?.RequestType is null || HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }

        context.Request.EnableBuffering();
        JsonDocument document;
        try
        {
            if (context.Request.ContentLength == 0 || (context.Request.ContentLength is null && !context.Request.Headers.ContainsKey("Transfer-Encoding")))
            {
                await BadRequestAsync(context, problems, "A JSON object body is required.", null);
                return;
            }
            document = await JsonDocument.ParseAsync(context.Request.Body, new JsonDocumentOptions { MaxDepth = MaxDepth }, context.RequestAborted);
        }
        catch (JsonException e)
        {
            await BadRequestAsync(context, problems,
                $"The request body is not well-formed UTF-8 JSON (nested at most {MaxDepth} levels) near line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}.", null);
            return;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                await BadRequestAsync(context, problems,
                    $"The request body must be a JSON object, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}.", null);
                return;
            }
            var errors = new Dictionary<string, string[]>();
            Inspect(document.RootElement, "", errors);
            if (errors.Count > 0)
            {
                await BadRequestAsync(context, problems, "One or more text fields hold characters or values this API does not accept; see errors.", errors);
                return;
            }
        }

        context.Request.Body.Position = 0;
        await next(context);
    }

    private static void Inspect(JsonElement element, string path, Dictionary<string, string[]> errors)
    {
        if (errors.Count >= MaxErrors) return;
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var name = SafeString(() => property.Name);
                    var childPath = path.Length == 0 ? TextRules.Printable(name ?? "?") : $"{path}.{TextRules.Printable(name ?? "?")}";
                    if (name is null || TextRules.HasControlCharacter(name) || TextRules.HasLoneSurrogate(name))
                        errors.Add(childPath, "The property name holds a control character or invalid Unicode.");
                    else
                        Inspect(property.Value, childPath, errors);
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray()) Inspect(item, $"{path}[{i++}]", errors);
                break;
            case JsonValueKind.String:
                var value = SafeString(element.GetString);
                if (value is null || TextRules.HasLoneSurrogate(value))
                    errors.Add(path, "Not valid Unicode text (a lone surrogate).");
                else if (TextRules.HasControlCharacter(value, allowLineBreaks: true))
                    errors.Add(path, "Holds a control character (only tab, line feed and carriage return are allowed).");
                else if (Guid.TryParseExact(value, "D", out var id) && id == Guid.Empty)
                    errors.Add(path, "The empty UUID names no record.");
                break;
        }
    }

    private static string? SafeString(Func<string?> read)
    {
        // Escaped lone surrogates (\ud800) pass the reader but cannot be transcoded.
        try { return read(); }
        catch (InvalidOperationException) { return null; }
    }

    private static async Task BadRequestAsync(HttpContext context, IProblemDetailsService problems, string detail, Dictionary<string, string[]>? errors)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        var problem = errors is null ? new ProblemDetails() : new ValidationProblemDetails(errors);
        problem.Status = 400;
        problem.Title = "Invalid request";
        problem.Detail = detail;
        problem.Type = "https://www.rfc-editor.org/rfc/rfc9110#status.400";
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
