using ChiroClick.Domain.Leads;
using ChiroClick.Projections.Leads;

namespace ChiroClick.Api.Leads;

/// <summary>Filters of the lead list; null = not filtered. <paramref name="Text"/> matches name, e-mail, phone and reason for contact.</summary>
/// <param name="Stage">Only leads in this stage.</param>
/// <param name="Source">Only leads from this source.</param>
/// <param name="MinScore">Only leads scoring at least this (0..100).</param>
/// <param name="Text">Case-insensitive text (phone: as written).</param>
public sealed record LeadFilter(LeadStage? Stage, LeadSource? Source, int? MinScore, string? Text);

/// <summary>Reads of the clinic's lead summaries.</summary>
public static class LeadQueries
{
    /// <summary>One page (from 1) of the leads matching <paramref name="filter"/>, newest first (captured time, then id, so pages are stable).</summary>
    public static async Task<Paged<LeadSummary>> ListAsync(IQuerySession session, LeadFilter filter, int page, int pageSize, CancellationToken ct)
    {
        IQueryable<LeadSummary> query = session.Query<LeadSummary>();
        if (filter.Stage is { } st) query = query.Where(x => x.Stage == st);
        if (filter.Source is { } so) query = query.Where(x => x.Source == so);
        if (filter.MinScore is { } min) query = query.Where(x => x.Score >= min);
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            query = query.Where(x => x.FullName.Contains(text, StringComparison.OrdinalIgnoreCase)
                                     || (x.Email != null && x.Email.Contains(text, StringComparison.OrdinalIgnoreCase))
                                     || (x.Phone != null && x.Phone.Contains(text))
                                     || (x.Complaint != null && x.Complaint.Contains(text, StringComparison.OrdinalIgnoreCase)));
        }
        return await Paging.PageAsync(query.OrderByDescending(x => x.CapturedAt).ThenByDescending(x => x.Id), page, pageSize, ct);
    }
}
