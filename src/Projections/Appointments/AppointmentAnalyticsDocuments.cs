using System.Globalization;
using ChiroClick.Domain.Appointments;

namespace ChiroClick.Projections.Appointments;

/// <summary>
/// One ISO week of a clinic (tenant): a row per practitioner with the appointment figures of the appointments whose current
/// slot starts in that week, written by <see cref="AppointmentAnalyticsProjection"/>. A week without appointments has no
/// document.
/// </summary>
public sealed class AppointmentWeek
{
    /// <summary>ISO week, e.g. <c>2026-W48</c> (see <see cref="AppointmentWeeks.IdOf(DateOnly)"/>).</summary>
    public string Id { get; set; } = "";
    /// <summary>Monday of the week.</summary>
    public DateOnly WeekStart { get; set; }
    /// <summary>One row per practitioner (case-insensitive), ordered by <see cref="AppointmentWeekRow.Key"/>.</summary>
    public List<AppointmentWeekRow> Rows { get; set; } = new();
}

/// <summary>The counts of one practitioner in one week. Rates are derived when read.</summary>
public sealed class AppointmentWeekRow
{
    /// <summary>The practitioner's name lower-cased (the overlap check treats names case-insensitively too).</summary>
    public string Key { get; set; } = "";
    /// <summary>The practitioner as written: the most used spelling among the row's appointments (ties: ordinal first).</summary>
    public string Practitioner { get; set; } = "";
    /// <summary>Spellings of the practitioner's name with the number of appointments using each.</summary>
    public List<NameCount> Names { get; set; } = new();
    /// <summary>Appointments booked for the week, whatever became of them.</summary>
    public int Booked { get; set; }
    /// <summary>Of them, completed.</summary>
    public int Completed { get; set; }
    /// <summary>Of them, cancelled by the patient.</summary>
    public int CancelledByPatient { get; set; }
    /// <summary>Of them, cancelled by the clinic.</summary>
    public int CancelledByClinic { get; set; }
    /// <summary>Of them, no-shows.</summary>
    public int NoShows { get; set; }
    /// <summary>Of them, confirmed at some point (by reply, phone or front desk).</summary>
    public int Confirmed { get; set; }
    /// <summary>Confirmed appointments the patient came to (checked in or completed).</summary>
    public int ConfirmedAttended { get; set; }
    /// <summary>Confirmed appointments that ended as no-shows.</summary>
    public int ConfirmedNoShows { get; set; }
    /// <summary>Never-confirmed appointments the patient came to.</summary>
    public int UnconfirmedAttended { get; set; }
    /// <summary>Never-confirmed appointments that ended as no-shows.</summary>
    public int UnconfirmedNoShows { get; set; }
    /// <summary>Appointments booked by a waitlist offer's JA (a freed slot refilled).</summary>
    public int RefilledFromWaitlist { get; set; }

    /// <summary>Whether every count is zero (the row is then dropped).</summary>
    public bool IsEmpty => Booked == 0 && Completed == 0 && CancelledByPatient == 0 && CancelledByClinic == 0 && NoShows == 0 && Confirmed == 0
                           && ConfirmedAttended == 0 && ConfirmedNoShows == 0 && UnconfirmedAttended == 0 && UnconfirmedNoShows == 0
                           && RefilledFromWaitlist == 0 && Names.Count == 0;

    /// <summary>Adds <paramref name="d"/>'s counts (which may be negative) and spellings.</summary>
    public void Add(AppointmentWeekRow d)
    {
        Booked += d.Booked;
        Completed += d.Completed;
        CancelledByPatient += d.CancelledByPatient;
        CancelledByClinic += d.CancelledByClinic;
        NoShows += d.NoShows;
        Confirmed += d.Confirmed;
        ConfirmedAttended += d.ConfirmedAttended;
        ConfirmedNoShows += d.ConfirmedNoShows;
        UnconfirmedAttended += d.UnconfirmedAttended;
        UnconfirmedNoShows += d.UnconfirmedNoShows;
        RefilledFromWaitlist += d.RefilledFromWaitlist;
        foreach (var n in d.Names)
        {
            var mine = Names.FirstOrDefault(x => x.Name == n.Name);
            if (mine is null) Names.Add(mine = new NameCount { Name = n.Name });
            mine.Count += n.Count;
        }
        Names.RemoveAll(x => x.Count == 0);
        Names.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        Practitioner = Names.OrderByDescending(x => x.Count).ThenBy(x => x.Name, StringComparer.Ordinal).FirstOrDefault()?.Name ?? "";
    }
}

/// <summary>A spelling of a practitioner's name and how many appointments use it.</summary>
public sealed class NameCount
{
    /// <summary>The name as written.</summary>
    public string Name { get; set; } = "";
    /// <summary>Appointments.</summary>
    public int Count { get; set; }
}

/// <summary>
/// What <see cref="AppointmentAnalyticsProjection"/> remembers of one appointment: where it counts (week, practitioner) and how,
/// so a later event can subtract its old contribution and add the new one.
/// </summary>
public sealed class AnalyticsAppointment
{
    /// <summary>Appointment id.</summary>
    public Guid Id { get; set; }
    /// <summary>ISO week of the current start.</summary>
    public string Week { get; set; } = "";
    /// <summary>Current practitioner as written.</summary>
    public string Practitioner { get; set; } = "";
    /// <summary>Current status.</summary>
    public AppointmentStatus Status { get; set; }
    /// <summary>Who cancelled, once cancelled.</summary>
    public CancelledBy? CancelledBy { get; set; }
    /// <summary>Whether it was ever confirmed.</summary>
    public bool Confirmed { get; set; }
    /// <summary>Booked by a waitlist offer's JA.</summary>
    public bool FromWaitlist { get; set; }

    /// <summary>A copy (the contribution before a page of events).</summary>
    public AnalyticsAppointment Copy() => (AnalyticsAppointment)MemberwiseClone();

    /// <summary>This appointment's counts, times <paramref name="sign"/> (+1 add, −1 subtract), as a row of its week.</summary>
    public AppointmentWeekRow Contribution(int sign)
    {
        var attended = Status is AppointmentStatus.CheckedIn or AppointmentStatus.Completed;
        var noShow = Status == AppointmentStatus.NoShow;
        return new AppointmentWeekRow
        {
            Key = AppointmentWeeks.KeyOf(Practitioner),
            Names = [new NameCount { Name = Practitioner, Count = sign }],
            Booked = sign,
            Completed = Status == AppointmentStatus.Completed ? sign : 0,
            CancelledByPatient = Status == AppointmentStatus.Cancelled && CancelledBy == Domain.Appointments.CancelledBy.Patient ? sign : 0,
            CancelledByClinic = Status == AppointmentStatus.Cancelled && CancelledBy != Domain.Appointments.CancelledBy.Patient ? sign : 0,
            NoShows = noShow ? sign : 0,
            Confirmed = Confirmed ? sign : 0,
            ConfirmedAttended = Confirmed && attended ? sign : 0,
            ConfirmedNoShows = Confirmed && noShow ? sign : 0,
            UnconfirmedAttended = !Confirmed && attended ? sign : 0,
            UnconfirmedNoShows = !Confirmed && noShow ? sign : 0,
            RefilledFromWaitlist = FromWaitlist ? sign : 0,
        };
    }
}

/// <summary>ISO week arithmetic of the appointment analytics.</summary>
public static class AppointmentWeeks
{
    /// <summary>
    /// The ISO week id (<c>yyyy-Www</c>, ISO week-numbering year) of an appointment start, taken in the offset it was booked with
    /// (the clinic's local calendar: an appointment Monday 00:30 +01:00 belongs to that Monday's week).
    /// </summary>
    public static string IdOf(DateTimeOffset start) => IdOf(DateOnly.FromDateTime(start.DateTime));

    /// <summary>The ISO week id of a calendar date.</summary>
    public static string IdOf(DateOnly day)
    {
        var d = day.ToDateTime(TimeOnly.MinValue);
        return $"{ISOWeek.GetYear(d):0000}-W{ISOWeek.GetWeekOfYear(d):00}";
    }

    /// <summary>Monday of the week with id <paramref name="id"/> (<c>yyyy-Www</c>).</summary>
    public static DateOnly StartOf(string id) =>
        DateOnly.FromDateTime(ISOWeek.ToDateTime(int.Parse(id[..4], CultureInfo.InvariantCulture), int.Parse(id[6..], CultureInfo.InvariantCulture), DayOfWeek.Monday));

    /// <summary>The row key of a practitioner's name.</summary>
    public static string KeyOf(string practitioner) => practitioner.Trim().ToLowerInvariant();
}
