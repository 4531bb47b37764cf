using ChiroClick.Domain.Appointments;

namespace ChiroClick.Projections.Appointments;

/// <summary>
/// Async projection of the front desk's figures per ISO week × practitioner (<see cref="AppointmentWeek"/>, one document per
/// clinic and week, so a date range reads a bounded number of documents). An appointment counts in the week of its current
/// start (in the offset it was booked with) under its current practitioner: a move takes its counts from the old row to the new
/// one. Per page of events it subtracts the contribution each touched appointment had before the page and adds the one after
/// (<see cref="AnalyticsAppointment"/> holds it), so the documents equal a rebuild whatever the page boundaries; rows whose
/// counts fall to zero and weeks without rows are removed. Only event data is used, never the clock. Lookups are batched per
/// tenant and page.
/// </summary>
public sealed class AppointmentAnalyticsProjection : IProjection
{
    /// <summary>Projection name (progress row; <c>projections rebuild -p AppointmentAnalytics</c>).</summary>
    public const string Name = "AppointmentAnalytics";

    /// <summary>The documents this projection writes (deleted on rebuild, compared by <c>projections verify</c>).</summary>
    public static readonly IReadOnlyList<Type> PublishedDocumentTypes = [typeof(AppointmentWeek), typeof(AnalyticsAppointment)];

    /// <summary>Applies one page of events (all tenants).</summary>
    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        foreach (var tenant in events.Where(e => e.Data is IAppointmentEvent and not AppointmentReminderSent).GroupBy(e => e.TenantId))
        {
            var ops = string.IsNullOrEmpty(tenant.Key) || tenant.Key == operations.TenantId ? operations : operations.ForTenant(tenant.Key);
            await ApplyTenantAsync(ops, tenant.OrderBy(e => e.Sequence).ToList(), cancellation);
        }
    }

    private static async Task ApplyTenantAsync(IDocumentOperations ops, List<IEvent> events, CancellationToken ct)
    {
        var ids = events.Select(e => ((IAppointmentEvent)e.Data).AppointmentId).Distinct().ToArray();
        var states = (await ops.LoadManyAsync<AnalyticsAppointment>(ct, ids)).ToDictionary(a => a.Id);
        var before = states.Values.ToDictionary(a => a.Id, a => a.Copy());
        var touched = new HashSet<Guid>();

        foreach (var e in events)
        {
            if (e.Data is AppointmentBooked b)
            {
                states[b.AppointmentId] = new AnalyticsAppointment
                {
                    Id = b.AppointmentId, Week = AppointmentWeeks.IdOf(b.Start), Practitioner = b.Practitioner.Trim(),
                    Status = AppointmentStatus.Booked, FromWaitlist = b.WaitlistEntryId is not null,
                };
                touched.Add(b.AppointmentId);
                continue;
            }
            if (!states.TryGetValue(((IAppointmentEvent)e.Data).AppointmentId, out var a)) continue;
            touched.Add(a.Id);
            switch (e.Data)
            {
                case AppointmentRescheduled r:
                    a.Week = AppointmentWeeks.IdOf(r.Start);
                    a.Practitioner = r.Practitioner.Trim();
                    break;
                case AppointmentCancelled c:
                    a.Status = AppointmentStatus.Cancelled;
                    a.CancelledBy = c.CancelledBy;
                    break;
                case AppointmentConfirmed:
                    a.Status = AppointmentStatus.Confirmed;
                    a.Confirmed = true;
                    break;
                case AppointmentCheckedIn:
                    a.Status = AppointmentStatus.CheckedIn;
                    break;
                case AppointmentNoShow:
                    a.Status = AppointmentStatus.NoShow;
                    break;
                case AppointmentCompleted:
                    a.Status = AppointmentStatus.Completed;
                    break;
            }
        }

        var deltas = new Dictionary<(string Week, string Key), AppointmentWeekRow>();
        void Add(string week, AppointmentWeekRow row)
        {
            if (!deltas.TryGetValue((week, row.Key), out var d)) deltas[(week, row.Key)] = d = new AppointmentWeekRow { Key = row.Key };
            d.Add(row);
        }
        foreach (var id in touched)
        {
            if (before.TryGetValue(id, out var old)) Add(old.Week, old.Contribution(-1));
            Add(states[id].Week, states[id].Contribution(+1));
            ops.Store(states[id]);
        }
        await ApplyDeltasAsync(ops, deltas.Where(d => !d.Value.IsEmpty).ToList(), ct);
    }

    private static async Task ApplyDeltasAsync(IDocumentOperations ops, List<KeyValuePair<(string Week, string Key), AppointmentWeekRow>> deltas,
        CancellationToken ct)
    {
        if (deltas.Count == 0) return;
        var weekIds = deltas.Select(d => d.Key.Week).Distinct().ToArray();
        var weeks = (await ops.LoadManyAsync<AppointmentWeek>(ct, weekIds)).ToDictionary(w => w.Id);
        foreach (var ((weekId, key), delta) in deltas)
        {
            if (!weeks.TryGetValue(weekId, out var week))
                weeks[weekId] = week = new AppointmentWeek { Id = weekId, WeekStart = AppointmentWeeks.StartOf(weekId) };
            var row = week.Rows.FirstOrDefault(r => r.Key == key);
            if (row is null) week.Rows.Add(row = new AppointmentWeekRow { Key = key });
            row.Add(delta);
        }
        foreach (var id in weekIds)
        {
            var week = weeks[id];
            week.Rows.RemoveAll(r => r.IsEmpty);
            week.Rows.Sort((x, y) => string.CompareOrdinal(x.Key, y.Key));
            if (week.Rows.Count == 0) ops.Delete<AppointmentWeek>(id);
            else ops.Store(week);
        }
    }
}
