using ChiroClick.Api.Common;
using ChiroClick.Domain.Communications;
using ChiroClick.Domain.Patients;
using ChiroClick.Projections.Communications;
using ChiroClick.Projections.Patients;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ChiroClick.Api.Campaigns;

/// <summary>
/// Body of <c>POST /api/v1/crm/sms/inbound</c>, as the SMS provider's webhook forwards a text a patient sent to the clinic:
/// <c>from</c> (any phone format; Norway is the default region), <c>body</c>, and the provider's <c>messageId</c> when it
/// has one (makes webhook retries harmless).
/// </summary>
public sealed record InboundSms(string? From, string? Body, string? MessageId);

/// <summary>Answer: patients with that number, whether the text was an opt-out keyword, and the consents withdrawn.</summary>
public sealed record InboundSmsRecorded(IReadOnlyList<Guid> PatientIds, bool OptOutKeyword, int ConsentsWithdrawn);

/// <summary><c>POST /api/v1/crm/sms/inbound</c>: logs an incoming SMS and honours the STOPP keyword.</summary>
public static class InboundSmsEndpoint
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

    /// <summary>
    /// For every patient of the clinic with that number: CommunicationLogged (sms, inbound; id UUIDv5 of the provider's message
    /// id when given, so a redelivered webhook adds nothing) and, when the first word is an opt-out keyword, ConsentWithdrawn for
    /// sms × marketing where it is given (appended at the patient's version). A number no patient has is answered with no ids.
    /// </summary>
    [WolverinePost("/api/v1/crm/sms/inbound", OperationId = "receiveInboundSms", Summary = "Receive an SMS from the provider (replies, STOPP)")]
    public static async Task<InboundSmsRecorded> Post(InboundSms sms, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        NorwegianPhone.TryNormalise(sms.From, out var from);
        var now = clock.GetUtcNow();
        var body = sms.Body!.Trim();
        var keyword = OptOutKeywords.Contains(body.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries)[0].TrimEnd('.', '!'));
        var patients = await session.Query<PatientSummary>().Where(p => p.Phone == from).ToListAsync(ct);
        var withdrawn = 0;
        foreach (var p in patients.OrderBy(p => p.Id))
        {
            var id = string.IsNullOrWhiteSpace(sms.MessageId)
                ? Guid.CreateVersion7()
                : Import.DeterministicGuid.Create(p.Id, $"sms-inbound:{sms.MessageId.Trim()}");
            if (await session.Events.FetchStreamStateAsync(id, ct) is not null) continue;
            session.Events.StartStream<CommunicationEntry>(id, new CommunicationLogged(id, p.Id, null, CommunicationChannel.Sms,
                CommunicationDirection.Inbound, keyword ? "Opt-out (SMS keyword)" : "SMS from patient", body, null, null, now));
            if (!keyword) continue;
            var stream = await session.Events.FetchForWriting<Patient>(p.Id, ct);
            if (stream.Aggregate?.Consents.Contains(new ConsentGrant(ConsentChannel.Sms, ConsentPurpose.Marketing)) != true) continue;
            stream.AppendOne(new ConsentWithdrawn(p.Id, ConsentChannel.Sms, ConsentPurpose.Marketing, null, now));
            withdrawn++;
        }
        return new InboundSmsRecorded(patients.Select(p => p.Id).OrderBy(x => x).ToList(), keyword, withdrawn);
    }
}
