using ChiroClick.Api.Campaigns;

namespace ChiroClick.Api.Messaging;

/// <summary>
/// An SMS a patient sent to the clinic, as both provider routes receive it (<c>POST /api/v1/crm/sms/inbound</c> with a key and
/// the signed <c>POST /api/v1/webhooks/{clinicId}/sms</c>): the checks and the hand-over to <see cref="InboundSmsRouter"/>.
/// </summary>
public static class InboundSmsIntake
{
    /// <summary>Opt-out keywords (first word, any case): Norwegian "STOPP", "AVSLUTT", "AVMELD", and "STOP".</summary>
    public static readonly IReadOnlySet<string> OptOutKeywords = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "STOPP", "STOP", "AVSLUTT", "AVMELD" };

    /// <summary>400 for a missing or invalid sender number or an empty body.</summary>
    public static ProblemDetails Validate(InboundSms sms)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(sms.From) || !NorwegianPhone.TryNormalise(sms.From, out _))
            errors.Add("from", "from must be a valid phone number.");
        if (string.IsNullOrWhiteSpace(sms.Body)) errors.Add("body", "body is required.");
        return Problems.Validation(errors);
    }

    /// <summary>The text with a normalised sender, routed by <see cref="InboundSmsRouter.RouteAsync"/>; the messages it cascades.</summary>
    public static async Task<(InboundSmsRecorded, Wolverine.OutgoingMessages)> ReceiveAsync(InboundSms sms, IDocumentSession session, TimeProvider clock,
        IEmailSender email, ISmsSender smsSender, CancellationToken ct)
    {
        NorwegianPhone.TryNormalise(sms.From, out var from);
        var messages = new Wolverine.OutgoingMessages();
        var recorded = await InboundSmsRouter.RouteAsync(session, from!, sms.Body!.Trim(), sms.MessageId, clock, email, smsSender, messages, ct);
        return (recorded, messages);
    }
}
