using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ChiroClick.Api.Common;

/// <summary>Configuration section <c>Limits</c>. Validated at start-up.</summary>
public sealed class LimitsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Limits";

    /// <summary>
    /// Largest request body in bytes; larger → 413. Default 2 MiB: a consultation transcript of 200,000 characters is
    /// ~1.2 MB even when a client escapes every character as <c>\uXXXX</c>.
    /// </summary>
    [Range(1024, 64L * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 2 * 1024 * 1024;
}

/// <summary>
/// Caps on free text and lists in request bodies, by JSON property name (case-insensitive) wherever it occurs in the
/// body. Strings not named here are capped at <see cref="DefaultTextLength"/>, lists at <see cref="DefaultListLength"/>.
/// Lengths are in UTF-16 characters, as .NET and JavaScript count them.
/// </summary>
public static class FieldLimits
{
    /// <summary>Cap of any string property not in <see cref="Text"/>.</summary>
    public const int DefaultTextLength = 4_000;

    /// <summary>Cap of any list not in <see cref="Lists"/>.</summary>
    public const int DefaultListLength = 1_000;

    /// <summary>Caps of named string properties.</summary>
    public static readonly IReadOnlyDictionary<string, int> Text = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["fullName"] = 200, ["name"] = 200, ["practitioner"] = 200, ["preferredPractitioner"] = 200,
        ["email"] = 254, ["phone"] = 50, ["from"] = 254, ["to"] = 254, ["nationalIdentityNumber"] = 20,
        ["subject"] = 300, ["title"] = 300,
        ["complaint"] = 2_000, ["reason"] = 2_000, ["comment"] = 2_000, ["note"] = 4_000, ["notes"] = 4_000, ["treatment"] = 4_000,
        ["body"] = 2_000, // SMS and message bodies
        ["template"] = 10_000, ["systemPrompt"] = 10_000,
        // AI input may be a consultation transcript; the answer's correction may be as long.
        ["input"] = 20_000, ["context"] = 20_000, ["text"] = 20_000, ["correction"] = 20_000,
        // A consultation transcript: about three hours of speech (Domain.Consultations.ConsultationDecisions.MaxTranscriptLength);
        // 200,000 characters are at most ~1.2 MB of JSON, inside the default 2 MiB body limit.
        ["transcript"] = 200_000,
        ["question"] = 4_000,
    };

    /// <summary>Caps of named lists.</summary>
    public static readonly IReadOnlyDictionary<string, int> Lists = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["patientIds"] = 1_000, // survey recipients
        ["icpc2Codes"] = 50,
        ["steps"] = 50,
        ["tags"] = 20,
    };
}

/// <summary>
/// Request size rules in one place: bodies over <see cref="LimitsOptions.MaxRequestBodyBytes"/> → 413 (Kestrel's own
/// limit too, and a counted read so that the in-memory test server and chunked bodies obey the same limit), and
/// JSON bodies whose strings or lists exceed <see cref="FieldLimits"/> → 400 naming the field (its JSON path). The body
/// is read into memory once (never a temporary file: it may hold personal data) and handed on rewound.
/// </summary>
public sealed class RequestLimitsMiddleware(RequestDelegate next, IOptions<LimitsOptions> options)
{
    /// <summary>Checks the body, then runs the request.</summary>
    public async Task InvokeAsync(HttpContext http)
    {
        var max = options.Value.MaxRequestBodyBytes;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = max;
        if (http.Request.ContentLength is { } declared && declared > max)
        {
            await TooLarge(http, max);
            return;
        }
        if (!HasBody(http.Request))
        {
            await next(http);
            return;
        }

        var buffer = new MemoryStream();
        try
        {
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
            {
                if (buffer.Length + read > max)
                {
                    await TooLarge(http, max);
                    return;
                }
                buffer.Write(chunk, 0, read);
            }
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await TooLarge(http, max);
            return;
        }

        if (http.Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true && buffer.Length > 0)
        {
            var errors = new Dictionary<string, string[]>();
            try
            {
                using var doc = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
                Check(doc.RootElement, "", null, errors);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                // Unreadable JSON (malformed, not UTF-8, a lone surrogate) is the input policy's 400
                // (InputPolicies.JsonBodyPolicy), with its own wording.
                errors.Clear();
            }
            if (errors.Count > 0)
            {
                var first = errors.First();
                var problem = (Microsoft.AspNetCore.Mvc.ValidationProblemDetails)Problems.Validation(errors);
                problem.Detail = $"{first.Key}: {first.Value[0]}";
                await Results.Problem(problem).ExecuteAsync(http);
                return;
            }
        }

        buffer.Position = 0;
        http.Request.Body = buffer;
        await using (buffer)
        {
            await next(http);
        }
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0) ||
        (request.ContentLength is null && (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method)));

    private static void Check(JsonElement element, string path, string? name, Dictionary<string, string[]> errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String when name is not null:
                var cap = FieldLimits.Text.TryGetValue(name, out var c) ? c : FieldLimits.DefaultTextLength;
                var length = element.GetString()!.Length;
                if (length > cap) errors.Add(path, $"is {length} characters long; at most {cap} are allowed.");
                break;
            case JsonValueKind.Array:
                var count = element.GetArrayLength();
                var listCap = name is not null && FieldLimits.Lists.TryGetValue(name, out var l) ? l : FieldLimits.DefaultListLength;
                if (count > listCap) errors.Add(path == "" ? "$" : path, $"has {count} entries; at most {listCap} are allowed.");
                var i = 0;
                foreach (var item in element.EnumerateArray()) Check(item, $"{path}[{i++}]", name, errors);
                break;
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject()) Check(p.Value, path == "" ? p.Name : $"{path}.{p.Name}", p.Name, errors);
                break;
        }
    }

    private static Task TooLarge(HttpContext http, long max)
    {
        http.Response.Headers.Connection = "close";
        return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large",
            detail: $"The request body is larger than {max} bytes (Limits:MaxRequestBodyBytes).",
            type: "https://www.rfc-editor.org/rfc/rfc9110#status.413").ExecuteAsync(http);
    }
}

/// <summary>Registration of the request limits.</summary>
public static class RequestLimitsConfiguration
{
    /// <summary>Options (validated on start) and Kestrel's body limit from <c>Limits:MaxRequestBodyBytes</c>.</summary>
    public static IServiceCollection AddChiroClickRequestLimits(this IServiceCollection services)
    {
        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<LimitsOptions>>((kestrel, limits) =>
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes);
        return services;
    }

    /// <summary>Adds <see cref="RequestLimitsMiddleware"/>.</summary>
    public static void UseRequestLimits(this WebApplication app) => app.UseMiddleware<RequestLimitsMiddleware>();
}
