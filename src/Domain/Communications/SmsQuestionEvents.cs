namespace ChiroClick.Domain.Communications;

/// <summary>What an SMS asked the recipient, so that a reply can be read in its context. Serialised snake_case.</summary>
public enum SmsQuestionKind
{
    /// <summary>An appointment reminder: JA confirms, NEI cancels.</summary>
    Reminder,
    /// <summary>A waitlist offer of a freed slot: JA books it.</summary>
    WaitlistOffer,
    /// <summary>A survey question: a number 0–10 is the score, a text within 24 hours after it the comment.</summary>
    Survey,
}

/// <summary>
/// An SMS that expects an answer went out. One stream per question (id = UUIDv5 of the communication it belongs to).
/// </summary>
/// <param name="QuestionId">Stream id.</param>
/// <param name="Kind">reminder, waitlist_offer or survey.</param>
/// <param name="Phone">E.164 number it went to (replies are matched on it).</param>
/// <param name="PatientId">Patient, or null.</param>
/// <param name="LeadId">Lead, or null.</param>
/// <param name="CommunicationId">The outbound CommunicationLogged.</param>
/// <param name="AppointmentId">The appointment (reminder) or null.</param>
/// <param name="WaitlistEntryId">The waitlist entry (offer) or null.</param>
/// <param name="OfferId">The waitlist offer or null.</param>
/// <param name="SurveyId">The survey or null.</param>
/// <param name="AskedAt">When it was sent.</param>
/// <param name="ExpiresAt">When an answer no longer counts (14 days, or the waitlist offer's expiry).</param>
public sealed record SmsQuestionAsked(Guid QuestionId, SmsQuestionKind Kind, string Phone, Guid? PatientId, Guid? LeadId, Guid CommunicationId,
    Guid? AppointmentId, Guid? WaitlistEntryId, Guid? OfferId, Guid? SurveyId, DateTimeOffset AskedAt, DateTimeOffset ExpiresAt);

/// <summary>A reply answered the question (or the question was closed by something else, e.g. the slot was taken).</summary>
/// <param name="QuestionId">Stream id.</param>
/// <param name="Outcome">What the answer did: confirmed, cancelled, booked, slot_taken, score, comment, closed.</param>
/// <param name="InboundId">The inbound CommunicationLogged, or null when closed without a reply.</param>
/// <param name="AnsweredAt">When.</param>
/// <param name="OpenForCommentUntil">For a survey score: until when a further text is taken as the comment; else null.</param>
/// <param name="ResponseId">For a survey score: the SurveyResponseReceived the comment belongs to.</param>
public sealed record SmsQuestionAnswered(Guid QuestionId, string Outcome, Guid? InboundId, DateTimeOffset AnsweredAt,
    DateTimeOffset? OpenForCommentUntil = null, Guid? ResponseId = null);

/// <summary>The question aggregate and read model (inline snapshot, looked up by phone).</summary>
public sealed record SmsQuestion(Guid Id, SmsQuestionKind Kind, string Phone, Guid? PatientId, Guid? LeadId, Guid CommunicationId,
    Guid? AppointmentId, Guid? WaitlistEntryId, Guid? OfferId, Guid? SurveyId, DateTimeOffset AskedAt, DateTimeOffset ExpiresAt,
    bool Answered, DateTimeOffset? OpenForCommentUntil, Guid? ResponseId)
{
    /// <summary>Stream version.</summary>
    public int Version { get; init; }

    /// <summary>Starts it.</summary>
    public static SmsQuestion Create(SmsQuestionAsked e) => new(e.QuestionId, e.Kind, e.Phone, e.PatientId, e.LeadId, e.CommunicationId,
        e.AppointmentId, e.WaitlistEntryId, e.OfferId, e.SurveyId, e.AskedAt, e.ExpiresAt, false, null, null);

    /// <summary>Closes it (a survey score leaves a comment window open).</summary>
    public SmsQuestion Apply(SmsQuestionAnswered e) =>
        this with { Answered = true, OpenForCommentUntil = e.OpenForCommentUntil, ResponseId = e.ResponseId ?? ResponseId };

    /// <summary>Whether a reply at <paramref name="now"/> is read in this question's context.</summary>
    public bool IsOpenAt(DateTimeOffset now) => Answered ? OpenForCommentUntil > now : ExpiresAt > now;
}
