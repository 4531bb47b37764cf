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
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                Exception = exception,
                ProblemDetails =
                {
                    Status = 413,
                    Title = "Request body too large",
                    Type = "https://www.rfc-editor.org/rfc/rfc9110#status.413",
                    Detail = "The request body is larger than Limits:MaxRequestBodyBytes allows.",
                },
            });
        }
        // Kestrel's other refusals (a request ended mid-body, a bad header) keep their own 4xx status.
        var status = json is null && exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = status,
                Title = status == 413 ? "Request body too large" : "Invalid request",
                Type = $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}",
                Detail = json is not null
                    ? $"The request body could not be read at {json.Path ?? "$"}: check field types and allowed values."
                    : status == 413 ? "The request body is larger than this server accepts." : "The request could not be read.",
            },
        });
    }
}
