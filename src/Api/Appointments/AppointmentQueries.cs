using ChiroClick.Domain.Appointments;
using ChiroClick.Projections.Appointments;

namespace ChiroClick.Api.Appointments;

/// <summary>Filters of the appointment list; null = not filtered.</summary>
/// <param name="From">Start at or after (inclusive).</param>
/// <param name="To">Start before (exclusive).</param>
/// <param name="Practitioner">Practitioner, matched exactly but case-insensitively.</param>
/// <param name="PatientId">Only this patient's.</param>
/// <param name="Status">Only in this status.</param>
public sealed record AppointmentFilter(DateTimeOffset? From, DateTimeOffset? To, string? Practitioner, Guid? PatientId, AppointmentStatus? Status);

/// <summary>Reads of the clinic's appointment summaries.</summary>
public static class AppointmentQueries
{
    /// <summary>One page (from 1) of the appointments matching <paramref name="filter"/>, by start time, then id.</summary>
    public static async Task<Paged<AppointmentSummary>> ListAsync(IQuerySession session, AppointmentFilter filter, int page, int pageSize,
        CancellationToken ct)
    {
        IQueryable<AppointmentSummary> query = session.Query<AppointmentSummary>();
        if (filter.From is { } f) query = query.Where(a => a.Start >= f);
        if (filter.To is { } t) query = query.Where(a => a.Start < t);
        if (filter.PatientId is { } p) query = query.Where(a => a.PatientId == p);
        if (filter.Status is { } w) query = query.Where(a => a.Status == w);
        if (!string.IsNullOrWhiteSpace(filter.Practitioner))
        {
            var name = filter.Practitioner.Trim();
            query = query.Where(a => a.Practitioner.Equals(name, StringComparison.OrdinalIgnoreCase));
        }
        return await Paging.PageAsync(query.OrderBy(a => a.Start).ThenBy(a => a.Id), page, pageSize, ct);
    }
}
