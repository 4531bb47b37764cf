using System.Security.Claims;
using ChiroClick.Api.Webhooks;
using Microsoft.AspNetCore.Authorization;

namespace ChiroClick.Api.Telephony;

/// <summary>
/// <c>POST /api/v1/webhooks/{clinicId}/telephony</c>: the phone system's call events, signed with the clinic's webhook secret
/// (Standard Webhooks) instead of an API key. Same body and effect as <c>POST /api/v1/telephony/events</c>.
/// </summary>
public static class ReceiveTelephonyWebhookEndpoint
{
    /// <summary>400 as the key-authenticated route (after the signature is verified).</summary>
    public static ProblemDetails Validate(TelephonyEvent e, TimeProvider clock) => Problems.Validation(e.Check(clock.GetUtcNow()));

    /// <summary>
    /// Records the event for the clinic of the verified signature; 200 <see cref="CallEventRecorded"/>, or 200
    /// <see cref="WebhookDuplicate"/> with nothing appended when this <c>webhook-id</c> was processed before. 401 problem for a bad,
    /// missing or stale signature or an unknown clinic.
    /// </summary>
    // Access: signed webhook only; no API key, no role.
    [WolverinePost("/api/v1/webhooks/{clinicId}/telephony", OperationId = "receiveTelephonyWebhook", Summary = "Receive a signed call event from the phone system")]
    [Authorize(AuthenticationSchemes = WebhookSignatureAuthentication.SchemeName)]
    [ProducesResponseType<CallEventRecorded>(200)]
    public static async Task<IResult> Post(TelephonyEvent e, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock,
        IOptions<TelephonyOptions> options, CancellationToken ct)
    {
        if (await WebhookReceipts.SeenAsync(session, user, ct)) return Results.Ok(new WebhookDuplicate(WebhookReceipts.IdOf(user)));
        var recorded = await CallRecorder.RecordAsync(session, e, options.Value, ct);
        WebhookReceipts.Record(session, user, WebhookKind.Telephony, clock);
        return Results.Ok(recorded);
    }
}
