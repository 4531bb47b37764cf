namespace ChiroClick.Domain.Privacy;

/// <summary>Whose personal data an erasure or an export concerns.</summary>
public enum SubjectType
{
    /// <summary>A lead (stream id = lead id).</summary>
    Lead,
    /// <summary>A patient (stream id = patient id).</summary>
    Patient,
}

/// <summary>How much an erasure removes.</summary>
public enum ErasureScope
{
    /// <summary>Everything that names the subject (GDPR art. 17); patients only after the record retention period.</summary>
    Full,
    /// <summary>Patients: only what is not part of the patient record (consents, communications' content, campaign data).</summary>
    Marketing,
}

/// <summary>Where an erasure request stands.</summary>
public enum ErasureStatus
{
    /// <summary>Accepted, not yet processed.</summary>
    Pending,
    /// <summary>Processed: the subject's data is masked.</summary>
    Completed,
    /// <summary>Refused (e.g. a patient record still inside its retention period); nothing was masked.</summary>
    Refused,
}

/// <summary>The fixed value masked personal data is replaced with. Never derived from the original value.</summary>
public static class Masked
{
    /// <summary>Placeholder of every masked free text and name: <c>[erased]</c>.</summary>
    public const string Text = "[erased]";
}

/// <summary>Marker for the events of one erasure stream (stream id = erasure id).</summary>
public interface IErasureEvent
{
    /// <summary>The erasure's id (= its stream id).</summary>
    Guid ErasureId { get; }
}

/// <summary>
/// An erasure of a subject's personal data was requested (by an admin, or by the retention job). Starts the
/// erasure stream. Holds only ids and the requester's reason, which must not itself contain personal data.
/// </summary>
/// <param name="ErasureId">Stream id.</param>
/// <param name="SubjectType">lead or patient.</param>
/// <param name="SubjectId">The lead's or patient's id.</param>
/// <param name="Reason">Why (e.g. "art. 17 request", "retention: lead lost for more than 24 months").</param>
/// <param name="Scope">full or marketing.</param>
/// <param name="RequestedAt">When (injected clock).</param>
public sealed record ErasureRequested(Guid ErasureId, SubjectType SubjectType, Guid SubjectId, string Reason, ErasureScope Scope,
    DateTimeOffset RequestedAt) : IErasureEvent;

/// <summary>
/// The streams that name the subject were found (before anything was masked), so a retried erasure masks the same
/// streams even after the identifiers it searched for are gone.
/// </summary>
/// <param name="ErasureId">Erasure.</param>
/// <param name="Streams">Streams masked whole (the subject's own, its communications, AI suggestions, referrals, workflow runs, tasks).</param>
/// <param name="SharedStreams">Streams of several people (campaigns, surveys) in which only the events naming the subject are masked.</param>
public sealed record ErasureTargetsFound(Guid ErasureId, IReadOnlyList<Guid> Streams, IReadOnlyList<Guid> SharedStreams) : IErasureEvent;

/// <summary>The erasure was carried out.</summary>
/// <param name="ErasureId">Erasure.</param>
/// <param name="EventsMasked">Stored events rewritten by the masking rules.</param>
/// <param name="DocumentsRemoved">Documents deleted (outbox copies of messages) or rebuilt from the masked events.</param>
/// <param name="MessagesPurged">Wolverine envelopes (scheduled, incoming, outgoing, dead letters) that named the subject, deleted.</param>
/// <param name="CompletedAt">When.</param>
public sealed record ErasureCompleted(Guid ErasureId, int EventsMasked, int DocumentsRemoved, int MessagesPurged, DateTimeOffset CompletedAt)
    : IErasureEvent;

/// <summary>The erasure was refused; nothing was masked.</summary>
/// <param name="ErasureId">Erasure.</param>
/// <param name="Reason">Why, e.g. "the patient record is kept until 2035-03-01 (10 years after the last visit)".</param>
/// <param name="PossibleFrom">When a full erasure becomes possible, if it will.</param>
/// <param name="RefusedAt">When.</param>
public sealed record ErasureRefused(Guid ErasureId, string Reason, DateTimeOffset? PossibleFrom, DateTimeOffset RefusedAt) : IErasureEvent;

/// <summary>
/// Closes a subject's stream after a full erasure (or marks a marketing erasure on it), so an auditor sees that and
/// when it happened. Carries no personal data.
/// </summary>
/// <param name="SubjectType">lead or patient.</param>
/// <param name="Reason">The erasure's reason.</param>
/// <param name="ErasureId">The erasure that did it.</param>
/// <param name="Scope">full or marketing.</param>
public sealed record PersonalDataErased(SubjectType SubjectType, string Reason, Guid ErasureId, ErasureScope Scope = ErasureScope.Full);

/// <summary>One run of the retention job in a clinic: what it asked to erase.</summary>
/// <param name="RunId">Stream id of the run.</param>
/// <param name="RanAt">When (injected clock).</param>
/// <param name="LeadsErased">Leads lost or idle longer than the lead retention period, erasure requested.</param>
/// <param name="PatientsErased">Patients past the record retention period, erasure requested.</param>
/// <param name="ErasureIds">The erasures requested.</param>
public sealed record RetentionRunCompleted(Guid RunId, DateTimeOffset RanAt, int LeadsErased, int PatientsErased, IReadOnlyList<Guid> ErasureIds);

/// <summary>An erasure request (aggregate of its stream).</summary>
public sealed record Erasure(Guid Id, SubjectType SubjectType, Guid SubjectId, string Reason, ErasureScope Scope, ErasureStatus Status,
    DateTimeOffset RequestedAt)
{
    /// <summary>Why it was refused, when it was.</summary>
    public string? RefusedReason { get; init; }

    /// <summary>When a refused full erasure becomes possible.</summary>
    public DateTimeOffset? PossibleFrom { get; init; }

    /// <summary>Streams found to name the subject (null until found).</summary>
    public IReadOnlyList<Guid>? Streams { get; init; }

    /// <summary>Shared streams (campaigns, surveys) masked only where they name the subject.</summary>
    public IReadOnlyList<Guid>? SharedStreams { get; init; }

    /// <summary>Events masked.</summary>
    public int EventsMasked { get; init; }

    /// <summary>Documents removed or rebuilt.</summary>
    public int DocumentsRemoved { get; init; }

    /// <summary>Wolverine envelopes purged.</summary>
    public int MessagesPurged { get; init; }

    /// <summary>When it completed (or was refused).</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Starts the aggregate.</summary>
    public static Erasure Create(ErasureRequested e) =>
        new(e.ErasureId, e.SubjectType, e.SubjectId, e.Reason, e.Scope, ErasureStatus.Pending, e.RequestedAt);

    /// <summary>Remembers the streams.</summary>
    public Erasure Apply(ErasureTargetsFound e) => this with { Streams = e.Streams, SharedStreams = e.SharedStreams };

    /// <summary>Completes it.</summary>
    public Erasure Apply(ErasureCompleted e) => this with
    {
        Status = ErasureStatus.Completed, EventsMasked = e.EventsMasked, DocumentsRemoved = e.DocumentsRemoved,
        MessagesPurged = e.MessagesPurged, CompletedAt = e.CompletedAt,
    };

    /// <summary>Refuses it.</summary>
    public Erasure Apply(ErasureRefused e) => this with
    {
        Status = ErasureStatus.Refused, RefusedReason = e.Reason, PossibleFrom = e.PossibleFrom, CompletedAt = e.RefusedAt,
    };
}
