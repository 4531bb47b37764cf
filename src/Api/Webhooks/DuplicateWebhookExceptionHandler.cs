using Microsoft.AspNetCore.Diagnostics;

namespace ChiroClick.Api.Webhooks;

/// <summary>
/// Two deliveries of one <c>webhook-id</c> processed at the same moment: the second commit fails on the receipt's unique key and
/// nothing of it is stored. Answered 409 (never 500), so the provider retries and then gets the 200 duplicate answer.
/// </summary>
public sealed class DuplicateWebhookExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (exception is not JasperFx.DocumentAlreadyExistsException { DocType: var type } || type != typeof(WebhookReceipt)) return false;
        return await problems.TryWriteAsync(context, exception, StatusCodes.Status409Conflict, "Webhook being processed",
            "Another delivery of this webhook-id is being processed right now; retry later.");
    }
}
