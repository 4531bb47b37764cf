using ChiroClick.Projections.Appointments;

namespace ChiroClick.Api.Appointments;

/// <summary>Answer of <c>GET /api/v1/crm/analytics/appointments</c>.</summary>
/// <param name="From">First day asked for (inclusive).</param>
/// <param name="To">Last day asked for (inclusive).</param>
/// <param name="Rows">One row per ISO week (that has appointments) × practitioner, by week then practitioner.</param>
public sealed record AppointmentAnalyticsView(DateOnly From, DateOnly To, IReadOnlyList<AppointmentWeekFigures> Rows);

/// <summary>The figures of one practitioner in one ISO week (appointments whose current start falls in that week).</summary>
/// <param name="Week">ISO week, e.g. <c>2026-W48</c>.</param>
/// <param name="WeekStart">Its Monday.</param>
/// <param name="Practitioner">The practitioner as written (names are grouped case-insensitively).</param>
/// <param name="Booked">Appointments booked for the week, whatever became of them.</param>
/// <param name="Completed">Of them, completed.</param>
/// <param name="CancelledByPatient">Of them, cancelled by the patient (e.g. a NEI to a reminder).</param>
/// <param name="CancelledByClinic">Of them, cancelled by the clinic.</param>
/// <param name="NoShows">Of them, no-shows.</param>
/// <param name="Confirmed">Of them, confirmed at some point.</param>
/// <param name="ConfirmationRate">Confirmed ÷ booked (0..1, 4 decimals).</param>
/// <param name="ConfirmedNoShows">No-shows among confirmed appointments.</param>
/// <param name="NoShowRateConfirmed">No-shows ÷ (attended + no-shows) among confirmed appointments; null before any outcome.</param>
/// <param name="UnconfirmedNoShows">No-shows among never-confirmed appointments.</param>
/// <param name="NoShowRateUnconfirmed">The same among never-confirmed appointments; null before any outcome.</param>
/// <param name="RefilledFromWaitlist">Appointments booked by a waitlist offer's JA (freed slots refilled).</param>
public sealed record AppointmentWeekFigures(string Week, DateOnly WeekStart, string Practitioner, int Booked, int Completed,
    int CancelledByPatient, int CancelledByClinic, int NoShows, int Confirmed, double? ConfirmationRate, int ConfirmedNoShows,
    double? NoShowRateConfirmed, int UnconfirmedNoShows, double? NoShowRateUnconfirmed, int RefilledFromWaitlist);

/// <summary>
/// <c>GET /api/v1/crm/analytics/appointments?from=&amp;to=</c> (dates yyyy-MM-dd, inclusive; default the 12 weeks up to today):
/// the ISO weeks that contain a day of the range, read from the async <see cref="AppointmentAnalyticsProjection"/>'s per-week
/// documents (at most <see cref="MaxWeeks"/> documents). Aggregates only: not access-logged.
/// </summary>
public static class GetAppointmentAnalyticsEndpoint
{
    /// <summary>Longest range in weeks (two years).</summary>
    public const int MaxWeeks = 106;

    /// <summary>400 for a malformed date, a reversed range or one over <see cref="MaxWeeks"/> weeks.</summary>
    [WolverineGet("/api/v1/crm/analytics/appointments", OperationId = "getAppointmentAnalytics",
        Summary = "Get appointment figures per ISO week and practitioner")]
    [ProducesResponseType<AppointmentAnalyticsView>(200)]
    public static async Task<IResult> Get(IQuerySession session, TimeProvider clock, string? from, string? to, CancellationToken ct)
    {
        var badFrom = QueryValues.Date(from, "from", out var f);
        var badTo = QueryValues.Date(to, "to", out var t);
        if ((badFrom ?? badTo) is { } bad) return bad;
        var last = t ?? f?.AddDays(7 * 12 - 1) ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var first = f ?? last.AddDays(-(7 * 12 - 1));
        if (first > last) return Problems.BadRequest("from must not be after to.");
        var weeks = Weeks(first, last);
        if (weeks.Count > MaxWeeks) return Problems.BadRequest($"The range spans {weeks.Count} weeks; at most {MaxWeeks} are answered at once.");
        var docs = await session.LoadManyAsync<AppointmentWeek>(ct, weeks);
        var rows = docs.OrderBy(w => w.Id, StringComparer.Ordinal).SelectMany(w => w.Rows.Select(r => Figures(w, r))).ToList();
        return Results.Ok(new AppointmentAnalyticsView(first, last, rows));
    }

    /// <summary>The ISO week ids from <paramref name="first"/>'s week to <paramref name="last"/>'s, in order.</summary>
    public static List<string> Weeks(DateOnly first, DateOnly last)
    {
        var ids = new List<string>();
        var monday = first.AddDays(-(((int)first.DayOfWeek + 6) % 7));
        for (var d = monday; d <= last && ids.Count <= MaxWeeks; d = d.AddDays(7)) ids.Add(AppointmentWeeks.IdOf(d));
        return ids;
    }

    /// <summary>A stored row as published figures (rates derived here).</summary>
    public static AppointmentWeekFigures Figures(AppointmentWeek w, AppointmentWeekRow r) => new(w.Id, w.WeekStart, r.Practitioner, r.Booked,
        r.Completed, r.CancelledByPatient, r.CancelledByClinic, r.NoShows, r.Confirmed, Rate(r.Confirmed, r.Booked), r.ConfirmedNoShows,
        Rate(r.ConfirmedNoShows, r.ConfirmedNoShows + r.ConfirmedAttended), r.UnconfirmedNoShows,
        Rate(r.UnconfirmedNoShows, r.UnconfirmedNoShows + r.UnconfirmedAttended), r.RefilledFromWaitlist);

    private static double? Rate(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);
}
