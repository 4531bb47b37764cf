using System.Security.Claims;
using ChiroClick.Api.Campaigns;
using ChiroClick.Api.Messaging;
using Microsoft.AspNetCore.Authorization;

namespace ChiroClick.Api.Webhooks;

/// <summary>
/// <c>POST /api/v1/webhooks/{clinicId}/sms</c>: the SMS provider's inbound-text callback, signed with the clinic's webhook secret
/// instead of an API key. Same body and effect as <c>POST /api/v1/crm/sms/inbound</c> (<see cref="InboundSmsEndpoint"/>).
/// </summary>
public static class InboundSmsWebhookEndpoint
{
    /// <summary>400 for a missing or invalid sender number or an empty body (after the signature is verified).</summary>
    public static ProblemDetails Validate(InboundSms sms) => InboundSmsIntake.Validate(sms);

    /// <summary>
    /// Logs the text (and honours STOPP) for the clinic of the verified signature; 200 with the same answer as the key-authenticated
    /// route, or 200 <see cref="WebhookDuplicate"/> with nothing appended when this <c>webhook-id</c> was processed before.
    /// 401 problem for a bad, missing or stale signature or an unknown clinic.
    /// </summary>
    // Access: signed webhook only (issue 13.3); no API key, no role.
    [WolverinePost("/api/v1/webhooks/{clinicId}/sms", OperationId = "receiveSmsWebhook", Summary = "Receive a signed inbound SMS from the provider")]
    [Authorize(AuthenticationSchemes = WebhookSignatureAuthentication.SchemeName)]
    [ProducesResponseType<InboundSmsRecorded>(200)]
    public static async Task<(IResult, Wolverine.OutgoingMessages)> Post(InboundSms sms, ClaimsPrincipal user, IDocumentSession session,
        TimeProvider clock, IEmailSender email, ISmsSender smsSender, CancellationToken ct)
    {
        if (await WebhookReceipts.SeenAsync(session, user, ct))
            return (Results.Ok(new WebhookDuplicate(WebhookReceipts.IdOf(user))), []);
        // The same reply router as the key-authenticated route: confirmations, cancellations, waitlist and survey answers.
        var (recorded, messages) = await InboundSmsIntake.ReceiveAsync(sms, session, clock, email, smsSender, ct);
        WebhookReceipts.Record(session, user, WebhookKind.Sms, clock);
        return (Results.Ok(recorded), messages);
    }
}
