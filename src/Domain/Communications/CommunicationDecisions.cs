namespace ChiroClick.Domain.Communications;

/// <summary>Pure decisions on the communication log.</summary>
public static class CommunicationDecisions
{
    /// <summary>Longest subject, in characters.</summary>
    public const int MaxSubjectLength = 500;

    /// <summary>How far ahead of the clock a logged time may be (clock skew between devices).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>True when <paramref name="occurredAt"/> lies more than <see cref="FutureTolerance"/> after <paramref name="now"/>.</summary>
    public static bool InTheFuture(DateTimeOffset? occurredAt, DateTimeOffset now) => occurredAt is { } at && at > now + FutureTolerance;

    /// <summary>
    /// The event that logs a validated communication: the subject trimmed, <paramref name="occurredAt"/> in UTC
    /// (default <paramref name="now"/>). The caller has checked a patient or lead is given and the time is not in the future.
    /// </summary>
    public static CommunicationLogged Log(Guid id, Guid? patientId, Guid? leadId, CommunicationChannel channel, CommunicationDirection direction,
        string subject, string? body, string? templateId, Guid? campaignId, DateTimeOffset? occurredAt, DateTimeOffset now) =>
        new(id, patientId, leadId, channel, direction, subject.Trim(), body, templateId, campaignId, occurredAt?.ToUniversalTime() ?? now);
}
