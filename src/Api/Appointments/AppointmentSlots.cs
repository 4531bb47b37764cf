using ChiroClick.Domain.Appointments;
using ChiroClick.Projections.Appointments;

namespace ChiroClick.Api.Appointments;

/// <summary>Reads shared by the appointment use cases: slot conflicts and the answer shape.</summary>
public static class AppointmentSlots
{
    /// <summary>Longest practitioner name and type accepted.</summary>
    public const int MaxNameLength = 200;

    /// <summary>
    /// Serialises the overlap checks of one practitioner in the session's clinic: starts the session's transaction (so the check
    /// and the append commit together) and takes a transaction-scoped PostgreSQL advisory lock keyed by (clinic, practitioner
    /// lower-cased), held until that transaction commits or rolls back. Call it before <see cref="ConflictAsync"/>: a second
    /// request for the practitioner waits here and then sees the first one's committed <see cref="AppointmentSummary"/>.
    /// </summary>
    public static async Task LockPractitionerAsync(IDocumentSession session, string practitioner, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        var key = $"appointment-slot:{session.TenantId}:{practitioner.Trim().ToLowerInvariant()}";
        await session.QueryAsync<int>("select 1 from (select pg_advisory_xact_lock(hashtextextended(?, 0))) as locked", ct, key);
    }

    /// <summary>
    /// The first live appointment (booked, confirmed, checked in) of <paramref name="practitioner"/> (case-insensitive) that overlaps
    /// [start, end), other than <paramref name="except"/>; null when the slot is free.
    /// </summary>
    public static async Task<AppointmentSummary?> ConflictAsync(IQuerySession session, string practitioner, DateTimeOffset start,
        DateTimeOffset end, Guid? except, CancellationToken ct)
    {
        var candidates = await session.Query<AppointmentSummary>()
            .Where(a => a.Start < end && a.End > start &&
                        (a.Status == AppointmentStatus.Booked || a.Status == AppointmentStatus.Confirmed || a.Status == AppointmentStatus.CheckedIn))
            .ToListAsync(ct);
        return candidates.Where(a => a.Id != except && string.Equals(a.Practitioner, practitioner, StringComparison.OrdinalIgnoreCase))
            .OrderBy(a => a.Start).FirstOrDefault();
    }

    /// <summary>409 naming the appointment that holds the slot.</summary>
    public static IResult Conflict(AppointmentSummary other) => Results.Problem(statusCode: 409, title: "Slot taken",
        detail: $"{other.Practitioner} already has appointment {other.Id} from {other.Start:O} to {other.End:O}.",
        type: "https://www.rfc-editor.org/rfc/rfc9110#status.409",
        extensions: new Dictionary<string, object?> { ["conflictingAppointmentId"] = other.Id });

    /// <summary>404 for an unknown patient or lead.</summary>
    public static IResult NotFound(string what) => Results.Problem(statusCode: 404, title: "Not found", detail: what,
        type: "https://www.rfc-editor.org/rfc/rfc9110#status.404");
}

/// <summary>Answer to a change of an appointment: its id, new version and status.</summary>
public sealed record AppointmentChanged(Guid Id, int Version, AppointmentStatus Status, int EventsAppended);
