using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace ChiroClick.Api.Common;

/// <summary>
/// Turns a request body that cannot be read (malformed JSON, an unknown enum value such as
/// <c>"channel":"fax"</c>, a wrong type) into 400 problem details instead of a 500: it is the client's input; a body
/// over Kestrel's size limit into 413.
/// </summary>
public sealed class BadJsonExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var json = exception as JsonException ?? exception.InnerException as JsonException;
        if (json is null && exception is not BadHttpRequestException) return false;
        if (exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            // Kestrel's own body limit (Limits:MaxRequestBodyBytes), hit while an endpoint read the body.
            return await problems.TryWriteAsync(context, exception, StatusCodes.Status413PayloadTooLarge, "Request body too large",
                "The request body is larger than Limits:MaxRequestBodyBytes allows.");
        }
        // Kestrel's other refusals (a request ended mid-body, a bad header) keep their own 4xx status.
        var status = json is null && exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(context, exception, status, status == 413 ? "Request body too large" : "Invalid request",
            json is not null
                ? $"The request body could not be read at {json.Path ?? "$"}: check field types and allowed values."
                : status == 413 ? "The request body is larger than this server accepts." : "The request could not be read.");
    }
}
