using ChiroClick.Api.Infrastructure;
using ChiroClick.Domain.Campaigns;

namespace ChiroClick.Api.Campaigns;

/// <summary>
/// Body of <c>POST /api/v1/crm/campaigns/{id}/events</c>: <c>type</c> and the message, either by <c>messageId</c> (the id the
/// channel got: the SMS provider's <c>id</c> / Idempotency-Key, or the e-mail <c>Message-Id</c> without <c>@chiroclick</c>) or by
/// <c>patientId</c>; <c>at</c> defaults to now; <c>url</c> for clicks, <c>reason</c> for failures.
/// </summary>
public sealed record CampaignDeliveryReport(CampaignDeliveryEventType? Type, Guid? MessageId, Guid? PatientId, DateTimeOffset? At,
    string? Url, string? Reason);

/// <summary>Answer: the recipient and the events appended (0 when the report repeats what the stream already holds).</summary>
public sealed record CampaignDeliveryRecorded(Guid CampaignId, Guid PatientId, IReadOnlyList<string> Appended);

/// <summary><c>POST /api/v1/crm/campaigns/{id}/events</c>: delivery receipts, opens, clicks and bounces from the channel providers' webhooks.</summary>
public static class CampaignDeliveryEventsEndpoint
{
    /// <summary>400 without type, without messageId/patientId, or with a time more than 5 minutes ahead.</summary>
    public static ProblemDetails Validate(CampaignDeliveryReport r, TimeProvider clock) => CampaignDeliveries.Check(r, clock);

    /// <summary>
    /// Appends CampaignMessageDelivered / Opened / Clicked / Failed for the recipient, once per recipient and kind (stats count
    /// recipients; providers resend webhooks). An open or click of a message without a delivery receipt also records the delivery
    /// (it evidently arrived). 404 unknown campaign or message id, 409 when the recipient was never sent this campaign.
    /// </summary>
    [WolverinePost("/api/v1/crm/campaigns/{id:guid}/events", OperationId = "reportCampaignDelivery", Summary = "Report delivery, open, click or bounce of a campaign message")]
    public static Task<(IResult, Events)> Post(CampaignDeliveryReport r, [WriteAggregate] Campaign campaign, IQuerySession session,
        TimeProvider clock, CancellationToken ct) => CampaignDeliveries.RecordAsync(r, campaign, session, clock, ct);
}

/// <summary>Recording a provider's report about a sent campaign message, for both delivery routes (API key and signed webhook).</summary>
public static class CampaignDeliveries
{
    /// <summary>400 without type, without messageId/patientId, or with a time more than 5 minutes ahead; "no problems" otherwise.</summary>
    public static ProblemDetails Check(CampaignDeliveryReport r, TimeProvider clock)
    {
        var errors = new Dictionary<string, string[]>();
        if (r.Type is null) errors.Add("type", $"type is required: one of {ChiroJson.Known<CampaignDeliveryEventType>()}.");
        if (r.MessageId is null && r.PatientId is null) errors.Add("messageId", "messageId or patientId is required.");
        if (r.At > clock.GetUtcNow().AddMinutes(5)) errors.Add("at", "at lies in the future.");
        return Problems.Validation(errors);
    }

    /// <summary>
    /// The events of a checked report (<see cref="CampaignDeliveryDecisions.Report"/>) and the 200 answer; 404 for a message id the
    /// campaign did not send, 400 when messageId and patientId disagree, 409 when the recipient was never sent this campaign.
    /// </summary>
    public static async Task<(IResult, Events)> RecordAsync(CampaignDeliveryReport r, Campaign campaign, IQuerySession session,
        TimeProvider clock, CancellationToken ct)
    {
        var events = new Events();
        var patientId = r.PatientId;
        if (r.MessageId is { } messageId)
        {
            var message = await session.LoadAsync<CampaignOutboxMessage>(messageId, ct);
            if (message is null || message.CampaignId != campaign.Id)
                return (Results.Problem(statusCode: 404, title: "Unknown message", detail: $"Campaign {campaign.Id} sent no message {messageId}.",
                    type: "https://www.rfc-editor.org/rfc/rfc9110#status.404"), events);
            if (patientId is not null && patientId != message.PatientId)
                return (Problems.BadRequest($"Message {messageId} went to another patient than {patientId}."), events);
            patientId = message.PatientId;
        }
        var p = patientId!.Value;
        if (!campaign.Sent.Contains(p))
            return (Results.Problem(statusCode: 409, title: "Not sent", detail: $"Campaign {campaign.Id} has sent nothing to patient {p}.",
                type: "https://www.rfc-editor.org/rfc/rfc9110#status.409"), events);
        events.AddRange(CampaignDeliveryDecisions.Report(campaign, r.Type!.Value, p, r.At ?? clock.GetUtcNow(), r.Url, r.Reason));
        return (Results.Ok(new CampaignDeliveryRecorded(campaign.Id, p, events.Select(e => e.GetType().Name).ToList())), events);
    }
}
