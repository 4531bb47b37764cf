using ChiroClick.Api.Messaging;

namespace ChiroClick.Api.Campaigns;

/// <summary>
/// Body of <c>POST /api/v1/crm/sms/inbound</c>, as the SMS provider's webhook forwards a text a patient sent to the clinic:
/// <c>from</c> (any phone format; Norway is the default region), <c>body</c>, and the provider's <c>messageId</c> when it
/// has one (makes webhook retries harmless).
/// </summary>
public sealed record InboundSms(string? From, string? Body, string? MessageId);

/// <summary>Answer: patients with that number, whether the text was an opt-out keyword, and the consents withdrawn; and what the
/// reply router made of it (<see cref="Outcome"/>, the question it answered, the staff task for an unknown reply).</summary>
public sealed record InboundSmsRecorded(IReadOnlyList<Guid> PatientIds, bool OptOutKeyword, int ConsentsWithdrawn)
{
    /// <summary>What the router did.</summary>
    public Messaging.InboundSmsOutcome Outcome { get; init; }
    /// <summary>The question the reply was read against, or null.</summary>
    public Guid? QuestionId { get; init; }
    /// <summary>The "Ukjent SMS-svar" staff task, or null.</summary>
    public Guid? TaskId { get; init; }
}

/// <summary><c>POST /api/v1/crm/sms/inbound</c>: logs an incoming SMS and honours the STOPP keyword.</summary>
public static class InboundSmsEndpoint
{
    /// <summary>400 for a missing or invalid sender number or an empty body (<see cref="InboundSmsIntake.Validate"/>).</summary>
    public static ProblemDetails Validate(InboundSms sms) => InboundSmsIntake.Validate(sms);

    /// <summary>
    /// Logs the text (CommunicationLogged, sms, inbound, per patient with that number; id UUIDv5 of the provider's message id when
    /// given, so a redelivered webhook adds nothing), honours STOPP (ConsentWithdrawn sms × marketing), and otherwise reads it as a
    /// reply with <see cref="Messaging.InboundSmsRouter"/> (confirm / cancel an appointment, take a waitlist offer, answer a survey,
    /// or a staff task "Ukjent SMS-svar").
    /// </summary>
    [WolverinePost("/api/v1/crm/sms/inbound", OperationId = "receiveInboundSms", Summary = "Receive an SMS from the provider (replies, STOPP)")]
    public static Task<(InboundSmsRecorded, Wolverine.OutgoingMessages)> Post(InboundSms sms, IDocumentSession session, TimeProvider clock,
        IEmailSender email, ISmsSender smsSender, CancellationToken ct)
        => InboundSmsIntake.ReceiveAsync(sms, session, clock, email, smsSender, ct);
}
