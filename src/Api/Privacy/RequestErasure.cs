using ChiroClick.Api.Access;
using ChiroClick.Domain.Privacy;

namespace ChiroClick.Api.Privacy;

/// <summary>Body of <c>POST /api/v1/privacy/erasures</c>.</summary>
/// <param name="SubjectType">lead or patient (required).</param>
/// <param name="SubjectId">The lead's or patient's id (required).</param>
/// <param name="Reason">Why, without personal data (required, at most 500 characters), e.g. "art. 17 request of 2026-11-24".</param>
/// <param name="Scope">full (default) or marketing (patients only: what is not part of the patient record).</param>
public sealed record RequestErasure(SubjectType? SubjectType, Guid? SubjectId, string? Reason, ErasureScope? Scope = null);

/// <summary>Answer to an accepted erasure (202): its id and status <c>pending</c>; poll <c>GET /api/v1/privacy/erasures/{id}</c>.</summary>
public sealed record ErasureAccepted(Guid Id, ErasureStatus Status);

/// <summary><c>POST /api/v1/privacy/erasures</c>: records the request (ErasureRequested) and queues its processing.</summary>
public static class RequestErasureEndpoint
{
    /// <summary>
    /// 202 with the erasure's id; 400 for missing or invalid fields; 404 for an unknown subject (nothing appended);
    /// 409 for a full erasure of a patient whose last visit is younger than <c>Privacy:PatientRecordRetentionYears</c>,
    /// with <c>possibleFrom</c> (the refused request is kept as an erasure with status refused, <c>erasureId</c>).
    /// </summary>
    [WolverinePost("/api/v1/privacy/erasures", OperationId = "requestErasure", Summary = "Request erasure of a lead's or patient's personal data (GDPR art. 17)")]
    public static async Task<(IResult, OutgoingMessages)> Post(RequestErasure c, IDocumentSession session, ErasureProcessor processor,
        TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        if (InvalidFields(c) is { } invalid) return (invalid, messages);

        var id = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        var requested = new ErasureRequested(id, c.SubjectType!.Value, c.SubjectId!.Value, c.Reason!.Trim(), c.Scope ?? ErasureScope.Full, now);
        var erasure = Erasure.Create(requested);
        if (await processor.RefusalAsync(session, erasure, now, ct) is { } refused)
        {
            if (refused.PossibleFrom is not null) session.Events.StartStream<Erasure>(id, requested, refused);
            return (Refusal(erasure, refused), messages);
        }

        session.Events.StartStream<Erasure>(id, requested);
        var clinic = Guid.Parse(http.User.FindFirst(ApiKeyAuthentication.ClinicClaim)!.Value);
        messages.Add(new ProcessErasure(id, clinic));
        return (Results.Accepted($"/api/v1/privacy/erasures/{id}", new ErasureAccepted(id, ErasureStatus.Pending)), messages);
    }

    // 400 with per-field errors, or null when the request is complete.
    private static IResult? InvalidFields(RequestErasure c)
    {
        var errors = new Dictionary<string, string[]>();
        if (c.SubjectType is null) errors.Add("subjectType", "subjectType is required: lead or patient.");
        if (c.SubjectId is null || c.SubjectId == Guid.Empty) errors.Add("subjectId", "subjectId is required.");
        if (string.IsNullOrWhiteSpace(c.Reason)) errors.Add("reason", "reason is required (without personal data).");
        else if (c.Reason.Length > 500) errors.Add("reason", "reason is longer than 500 characters.");
        if (c.Scope == ErasureScope.Marketing && c.SubjectType == SubjectType.Lead)
            errors.Add("scope", "scope marketing applies to patients; a lead is erased in full.");
        return errors.Count == 0 ? null : Results.ValidationProblem(errors, detail: "One or more fields are missing or invalid; see errors.",
            title: "Invalid request", type: "https://www.rfc-editor.org/rfc/rfc9110#status.400");
    }

    // 404 for an unknown subject (nothing kept); 409 inside the retention period (the refused request is kept).
    private static IResult Refusal(Erasure erasure, ErasureRefused refused) => refused.PossibleFrom is null
        ? Results.Problem(statusCode: 404, title: "Not found", detail: $"No {Infrastructure.ChiroJson.Wire(erasure.SubjectType)} {erasure.SubjectId}.",
            type: "https://www.rfc-editor.org/rfc/rfc9110#status.404")
        : Results.Problem(statusCode: 409, title: "Inside the record retention period", detail: refused.Reason,
            type: "https://www.rfc-editor.org/rfc/rfc9110#status.409",
            extensions: new Dictionary<string, object?> { ["possibleFrom"] = refused.PossibleFrom, ["erasureId"] = erasure.Id });
}

/// <summary>Where an erasure stands.</summary>
/// <param name="Id">Erasure id.</param>
/// <param name="SubjectType">lead or patient.</param>
/// <param name="SubjectId">The subject.</param>
/// <param name="Scope">full or marketing.</param>
/// <param name="Status">pending, completed or refused.</param>
/// <param name="RefusedReason">Why it was refused, when it was.</param>
/// <param name="PossibleFrom">When a refused full erasure becomes possible.</param>
/// <param name="EventsMasked">Stored events rewritten by the masking rules.</param>
/// <param name="DocumentsRemoved">Documents deleted (outbox copies) or rebuilt from the masked events.</param>
/// <param name="MessagesPurged">Wolverine envelopes naming the subject, deleted (scheduled ones thereby cancelled).</param>
/// <param name="RequestedAt">When it was requested.</param>
/// <param name="CompletedAt">When it completed or was refused.</param>
public sealed record ErasureView(Guid Id, SubjectType SubjectType, Guid SubjectId, ErasureScope Scope, ErasureStatus Status, string? RefusedReason,
    DateTimeOffset? PossibleFrom, int EventsMasked, int DocumentsRemoved, int MessagesPurged, DateTimeOffset RequestedAt, DateTimeOffset? CompletedAt);

/// <summary><c>GET /api/v1/privacy/erasures/{id}</c>.</summary>
public static class GetErasureEndpoint
{
    /// <summary>The erasure's status and counts; 404 when unknown (or another clinic's).</summary>
    [WolverineGet("/api/v1/privacy/erasures/{id}", OperationId = "getErasure", Summary = "Get the status and figures of an erasure")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, CancellationToken ct)
    {
        var e = await session.LoadAsync<Erasure>(id, ct);
        return e is null
            ? Results.Problem(statusCode: 404, title: "Not found", detail: $"No erasure {id}.", type: "https://www.rfc-editor.org/rfc/rfc9110#status.404")
            : Results.Ok(new ErasureView(e.Id, e.SubjectType, e.SubjectId, e.Scope, e.Status, e.RefusedReason, e.PossibleFrom, e.EventsMasked,
                e.DocumentsRemoved, e.MessagesPurged, e.RequestedAt, e.CompletedAt));
    }
}
