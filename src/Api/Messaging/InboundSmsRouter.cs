using ChiroClick.Api.Campaigns;
using ChiroClick.Domain.Communications;
using ChiroClick.Projections.Patients;

namespace ChiroClick.Api.Messaging;

/// <summary>What the router did with an inbound SMS. Serialised snake_case.</summary>
public enum InboundSmsOutcome
{
    /// <summary>An opt-out keyword (STOPP and its variants): consents withdrawn.</summary>
    OptOut,
    /// <summary>A reminder reply confirmed the appointment.</summary>
    Confirmed,
    /// <summary>A reminder reply cancelled the appointment (cancelled by the patient).</summary>
    Cancelled,
    /// <summary>A waitlist offer reply booked the slot.</summary>
    Booked,
    /// <summary>A waitlist offer reply came after the slot was taken; the sender was told.</summary>
    SlotTaken,
    /// <summary>A waitlist offer was declined.</summary>
    Declined,
    /// <summary>A survey score was recorded.</summary>
    SurveyScore,
    /// <summary>A survey comment was recorded.</summary>
    SurveyComment,
    /// <summary>The reply fitted no open question: logged and a staff task "Ukjent SMS-svar" created.</summary>
    Unknown,
    /// <summary>A redelivered webhook (same provider message id): nothing done again.</summary>
    Duplicate,
}

/// <summary>
/// The one inbound-SMS router, called by <c>POST /api/v1/crm/sms/inbound</c> and by the signed SMS webhook. A reply is read in the
/// context of the latest open question (<see cref="SmsQuestion"/>) sent to that number in the last 14 days:
/// reminder → JA/J/OK/YES confirms, NEI/N/NO/AVBESTILL cancels (cancelledBy patient, the slot goes to the waitlist);
/// waitlist offer → JA books (the others are told the slot is taken), NEI declines; survey → a whole number 0–10 is the score,
/// a text within 24 hours after it the comment. STOPP (and its variants) always wins. Anything else is kept: CommunicationLogged
/// (inbound) and a staff task "Ukjent SMS-svar" with the text. Each effect on another stream goes through the feature that owns it
/// (its decision rules) and is recorded in the caller's session (one transaction); with a provider message id, a redelivered
/// webhook changes nothing.
/// </summary>
public static class InboundSmsRouter
{
    /// <summary>How far back a question is looked for.</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromDays(14);

    /// <summary>How long after a survey score a text counts as its comment.</summary>
    public static readonly TimeSpan CommentWindow = TimeSpan.FromHours(24);

    private static readonly HashSet<string> Yes = new(StringComparer.OrdinalIgnoreCase) { "JA", "J", "OK", "YES" };
    private static readonly HashSet<string> No = new(StringComparer.OrdinalIgnoreCase) { "NEI", "N", "NO", "AVBESTILL" };

    /// <summary>
    /// Routes one inbound SMS from <paramref name="from"/> (E.164) with <paramref name="body"/> (trimmed, non-empty). Cascading
    /// work (waitlist offers of a freed slot) goes to <paramref name="messages"/>.
    /// </summary>
    public static async Task<InboundSmsRecorded> RouteAsync(IDocumentSession session, string from, string body, string? providerMessageId,
        TimeProvider clock, IEmailSender email, ISmsSender sms, OutgoingMessages messages, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var first = body.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries)[0].TrimEnd('.', '!', ',');
        var keyword = InboundSmsIntake.OptOutKeywords.Contains(first);
        var patients = (await session.Query<PatientSummary>().Where(p => p.Phone == from).ToListAsync(ct)).OrderBy(p => p.Id).ToList();
        var since = now - Lookback;
        var question = keyword ? null : (await session.Query<SmsQuestion>().Where(q => q.Phone == from && q.AskedAt >= since).ToListAsync(ct))
            .Where(q => q.IsOpenAt(now)).OrderByDescending(q => q.AskedAt).ThenByDescending(q => q.Id).FirstOrDefault();

        // The inbound message is logged once per patient with that number (or for the question's lead).
        Guid? inboundId = null;
        var subjects = patients.Select(p => ((Guid?)p.Id, (Guid?)null)).ToList();
        if (subjects.Count == 0 && question?.LeadId is { } leadId) subjects.Add((null, leadId));
        foreach (var (patientId, lead) in subjects)
        {
            var key = patientId ?? lead!.Value;
            var id = string.IsNullOrWhiteSpace(providerMessageId)
                ? Guid.CreateVersion7()
                : Import.DeterministicGuid.Create(key, $"sms-inbound:{providerMessageId.Trim()}");
            if (await session.Events.FetchStreamStateAsync(id, ct) is not null)
                return new InboundSmsRecorded(patients.Select(p => p.Id).ToList(), keyword, 0) { Outcome = InboundSmsOutcome.Duplicate };
            session.Events.StartStream<Communication>(id, CommunicationDecisions.Log(id, patientId, lead, CommunicationChannel.Sms,
                CommunicationDirection.Inbound, keyword ? "Opt-out (SMS keyword)" : "SMS from patient", body, null, null, now, now));
            inboundId ??= id;
        }

        // Every effect is a call into the feature that owns the stream, recorded in this session: the route answers with the
        // outcome synchronously, and one transaction with the inbound log keeps a redelivered webhook from changing anything.
        if (keyword)
        {
            var withdrawn = await Patients.SmsOptOut.WithdrawMarketingAsync(session, patients.Select(p => p.Id), now, ct);
            return new InboundSmsRecorded(patients.Select(p => p.Id).ToList(), true, withdrawn) { Outcome = InboundSmsOutcome.OptOut };
        }

        var outcome = question is null ? null : await AnswerAsync(session, question, first, body, inboundId, now, email, sms, messages, ct);
        Guid? taskId = null;
        if (outcome is null)
        {
            outcome = InboundSmsOutcome.Unknown;
            taskId = Workflows.StaffTasks.StartForUnknownSmsReply(session, inboundId, body, patients.FirstOrDefault()?.Id, question?.LeadId, now);
        }
        return new InboundSmsRecorded(patients.Select(p => p.Id).ToList(), false, 0)
        {
            Outcome = outcome.Value, QuestionId = question?.Id, TaskId = taskId,
        };
    }

    private static async Task<InboundSmsOutcome?> AnswerAsync(IDocumentSession session, SmsQuestion q, string first, string body, Guid? inboundId,
        DateTimeOffset now, IEmailSender email, ISmsSender sms, OutgoingMessages messages, CancellationToken ct)
    {
        switch (q.Kind)
        {
            case SmsQuestionKind.Reminder when !q.Answered && q.AppointmentId is { } appointmentId:
            {
                var yes = Yes.Contains(first);
                if (!yes && !No.Contains(first)) return null;
                if (!await Appointments.AppointmentReplies.AnswerReminderAsync(session, appointmentId, yes, now, messages, ct)) return null;
                Close(session, q, yes ? "confirmed" : "cancelled", inboundId, now);
                return yes ? InboundSmsOutcome.Confirmed : InboundSmsOutcome.Cancelled;
            }
            case SmsQuestionKind.WaitlistOffer when !q.Answered:
            {
                if (Yes.Contains(first)) return await Waitlist.WaitlistOffers.AcceptAsync(session, q, inboundId, now, email, sms, messages, ct);
                if (!No.Contains(first)) return null;
                await Waitlist.WaitlistOffers.DeclineAsync(session, q, inboundId, now, ct);
                return InboundSmsOutcome.Declined;
            }
            case SmsQuestionKind.Survey when q.SurveyId is { } surveyId:
            {
                if (!q.Answered)
                {
                    var responseId = await Surveys.SurveyReplies.RecordScoreAsync(session, q.Id, surveyId, q.PatientId, first, body, now, ct);
                    if (responseId is null) return null;
                    session.Events.Append(q.Id, q.Version + 1,
                        new SmsQuestionAnswered(q.Id, "score", inboundId, now, now + CommentWindow, responseId));
                    return InboundSmsOutcome.SurveyScore;
                }
                if (q.ResponseId is not { } response) return null;
                await Surveys.SurveyReplies.RecordCommentAsync(session, surveyId, response, q.PatientId, body, now, ct);
                Close(session, q, "comment", inboundId, now);
                return InboundSmsOutcome.SurveyComment;
            }
            default:
                return null;
        }
    }

    /// <summary>Appends the answer that closes <paramref name="q"/> (at its version).</summary>
    public static void Close(IDocumentSession session, SmsQuestion q, string outcome, Guid? inboundId, DateTimeOffset now) =>
        session.Events.Append(q.Id, q.Version + 1, new SmsQuestionAnswered(q.Id, outcome, inboundId, now));
}
