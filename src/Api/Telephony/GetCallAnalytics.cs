using ChiroClick.Projections.Telephony;

namespace ChiroClick.Api.Telephony;

/// <summary>Call figures of one UTC day, or of the whole range (<see cref="CallAnalytics.Totals"/>).</summary>
/// <param name="Day"><c>yyyy-MM-dd</c>, or null for the totals.</param>
/// <param name="Inbound">Inbound calls that started that day.</param>
/// <param name="Answered">Of those, answered.</param>
/// <param name="Missed">Of those, not answered (missed or voicemail).</param>
/// <param name="Voicemail">Of the missed, with a voicemail.</param>
/// <param name="Outbound">Outbound calls (staff attempts included).</param>
/// <param name="AnswerRate">answered ÷ inbound, 0..1 (4 decimals), or null without inbound calls.</param>
/// <param name="CalledBack">Missed calls called back (an answered outbound call to the number within 7 days).</param>
/// <param name="MedianMinutesToCallback">Median minutes from the missed call to its call-back, or null when none was called back.</param>
/// <param name="FollowedByBooking">Inbound calls whose caller (matched patient or lead) had an appointment booked within 24 hours.</param>
public sealed record CallDayFigures(string? Day, int Inbound, int Answered, int Missed, int Voicemail, int Outbound, double? AnswerRate,
    int CalledBack, double? MedianMinutesToCallback, int FollowedByBooking);

/// <summary>Answer of <c>GET /api/v1/crm/analytics/calls</c>.</summary>
/// <param name="From">First day (inclusive).</param>
/// <param name="To">Day after the last (exclusive).</param>
/// <param name="Days">One row per day of the range, oldest first (zeros on days without calls).</param>
/// <param name="Totals">The range as a whole (the median over all its call-backs).</param>
public sealed record CallAnalytics(string From, string To, IReadOnlyList<CallDayFigures> Days, CallDayFigures Totals);

/// <summary><c>GET /api/v1/crm/analytics/calls?from=&amp;to=</c>: call figures per UTC day, from the async <see cref="CallAnalyticsProjection"/>.</summary>
public static class GetCallAnalyticsEndpoint
{
    /// <summary>Longest range in days.</summary>
    public const int MaxDays = 366;

    /// <summary>
    /// Per day of the call's start (UTC) from <c>from</c> (a date or date-time; its UTC day, inclusive; default 30 days before <c>to</c>) to
    /// <c>to</c> (exclusive; default tomorrow): inbound, answered, missed, answer rate, median minutes to the call-back and calls followed
    /// by a booking within 24 hours. 400 for a reversed range or one over 366 days. Being async, the figures trail the calls by the
    /// daemon's lag.
    /// </summary>
    [WolverineGet("/api/v1/crm/analytics/calls", OperationId = "getCallAnalytics", Summary = "Call figures per day: answered, missed, call-backs, bookings")]
    [ProducesResponseType<CallAnalytics>(200)]
    public static async Task<IResult> Get(IQuerySession session, string? from, string? to, TimeProvider clock, CancellationToken ct)
    {
        var bad0 = QueryValues.Time(from, "from", out var fromAt);
        var bad1 = QueryValues.Time(to, "to", out var toAt);
        if ((bad0 ?? bad1) is { } bad) return bad;
        var last = toAt is { } t ? Day(t) : Day(clock.GetUtcNow()).AddDays(1);
        var first = fromAt is { } f ? Day(f) : last.AddDays(-30);
        if (first >= last || (last - first).TotalDays > MaxDays) return Problems.BadRequest($"from must be before to, at most {MaxDays} days apart.");
        var stored = (await session.Query<CallDay>().Where(d => d.Date >= first && d.Date < last).ToListAsync(ct)).ToDictionary(d => d.Id);
        var days = Enumerable.Range(0, (int)(last - first).TotalDays).Select(i => CallAnalyticsProjection.DayOf(first.AddDays(i)))
            .Select(id => Figures(id, stored.TryGetValue(id, out var d) ? [d] : [])).ToList();
        return Results.Ok(new CallAnalytics(CallAnalyticsProjection.DayOf(first), CallAnalyticsProjection.DayOf(last), days, Figures(null, stored.Values)));
    }

    private static DateTimeOffset Day(DateTimeOffset at) => new(at.UtcDateTime.Date, TimeSpan.Zero);

    /// <summary>The figures of one or more days.</summary>
    public static CallDayFigures Figures(string? day, IEnumerable<CallDay> days)
    {
        var list = days.ToList();
        var inbound = list.Sum(d => d.Inbound);
        var answered = list.Sum(d => d.Answered);
        var minutes = list.SelectMany(d => d.CallbackMinutes).Order().ToList();
        return new CallDayFigures(day, inbound, answered, list.Sum(d => d.Missed), list.Sum(d => d.Voicemail), list.Sum(d => d.Outbound),
            inbound == 0 ? null : Math.Round((double)answered / inbound, 4), minutes.Count, Median(minutes), list.Sum(d => d.FollowedByBooking));
    }

    /// <summary>Median of sorted values (mean of the middle two for an even count), 2 decimals; null when empty.</summary>
    public static double? Median(IReadOnlyList<double> sorted) => sorted.Count == 0 ? null
        : Math.Round(sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2, 2);
}
