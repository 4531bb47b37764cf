using System.Security.Claims;
using ChiroClick.Api.Campaigns;
using ChiroClick.Domain.Campaigns;
using Microsoft.AspNetCore.Authorization;

namespace ChiroClick.Api.Webhooks;

/// <summary>
/// Body of <c>POST /api/v1/webhooks/{clinicId}/delivery</c>: the fields of <see cref="CampaignDeliveryReport"/> plus the
/// <c>campaignId</c>, which may be left out when <c>messageId</c> is given (the message knows its campaign).
/// </summary>
public sealed record DeliveryWebhook(Guid? CampaignId, CampaignDeliveryEventType? Type, Guid? MessageId, Guid? PatientId,
    DateTimeOffset? At, string? Url, string? Reason)
{
    /// <summary>The report as the key-authenticated route takes it.</summary>
    public CampaignDeliveryReport Report => new(Type, MessageId, PatientId, At, Url, Reason);
}

/// <summary>
/// <c>POST /api/v1/webhooks/{clinicId}/delivery</c>: delivery receipts, opens, clicks and bounces from a channel provider, signed
/// with the clinic's webhook secret instead of an API key. Same effect as <c>POST /api/v1/crm/campaigns/{id}/events</c>
/// (<see cref="CampaignDeliveryEventsEndpoint"/>).
/// </summary>
public static class DeliveryWebhookEndpoint
{
    /// <summary>400 as the key-authenticated route, and when neither campaignId nor messageId is given.</summary>
    public static ProblemDetails Validate(DeliveryWebhook d, TimeProvider clock)
    {
        var problem = CampaignDeliveries.Check(d.Report, clock);
        if (problem is ValidationProblemDetails || d.CampaignId is not null || d.MessageId is not null) return problem;
        return Problems.Validation(new() { ["campaignId"] = ["campaignId is required when the message is given by patientId."] });
    }

    /// <summary>
    /// Appends CampaignMessageDelivered / Opened / Clicked / Failed once per recipient and kind, for the clinic of the verified
    /// signature; 200 as the key-authenticated route, or 200 <see cref="WebhookDuplicate"/> with nothing appended when this
    /// <c>webhook-id</c> was processed before. 404 unknown campaign or message, 409 never sent to that recipient, 401 problem for
    /// a bad, missing or stale signature or an unknown clinic.
    /// </summary>
    // Access: signed webhook only (issue 13.3); no API key, no role.
    [WolverinePost("/api/v1/webhooks/{clinicId}/delivery", OperationId = "receiveDeliveryWebhook", Summary = "Receive a signed delivery, open, click or bounce report")]
    [Authorize(AuthenticationSchemes = WebhookSignatureAuthentication.SchemeName)]
    [ProducesResponseType<CampaignDeliveryRecorded>(200)]
    public static async Task<IResult> Post(DeliveryWebhook d, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        if (await WebhookReceipts.SeenAsync(session, user, ct)) return Results.Ok(new WebhookDuplicate(WebhookReceipts.IdOf(user)));
        var campaignId = d.CampaignId;
        if (campaignId is null && await session.LoadAsync<CampaignOutboxMessage>(d.MessageId!.Value, ct) is { } message)
            campaignId = message.CampaignId;
        var stream = campaignId is { } id ? await session.Events.FetchForWriting<Campaign>(id, ct) : null;
        if (stream?.Aggregate is null)
            return Results.Problem(statusCode: 404, title: "Unknown campaign",
                detail: d.CampaignId is null ? $"No campaign sent message {d.MessageId}." : $"No campaign {d.CampaignId}.",
                type: "https://www.rfc-editor.org/rfc/rfc9110#status.404");
        var (result, events) = await CampaignDeliveries.RecordAsync(d.Report, stream.Aggregate, session, clock, ct);
        if (result is not IStatusCodeHttpResult { StatusCode: 200 }) return result;
        stream.AppendMany(events);
        WebhookReceipts.Record(session, user, WebhookKind.Delivery, clock);
        return result;
    }
}
