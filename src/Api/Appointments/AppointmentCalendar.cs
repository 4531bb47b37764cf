using System.Text;
using ChiroClick.Domain.Appointments;
using ChiroClick.Domain.Clinics;
using ChiroClick.Projections.Appointments;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Wolverine.Persistence;

namespace ChiroClick.Api.Appointments;


/// <summary>The iCalendar (RFC 5545) form of an appointment, written with Ical.Net.</summary>
public static class AppointmentCalendar
{
    /// <summary>
    /// One VEVENT: UID = the appointment id (so calendars update the entry they have), SEQUENCE = moves and cancellation so far,
    /// DTSTART/DTEND in UTC, METHOD:REQUEST, or METHOD:CANCEL with STATUS:CANCELLED once cancelled. DTSTAMP is
    /// <paramref name="stamp"/> (the caller's clock), so the text is reproducible.
    /// </summary>
    public static string Render(Guid id, string practitioner, DateTimeOffset start, DateTimeOffset end, string type, int sequence,
        bool cancelled, string clinicName, DateTimeOffset stamp)
    {
        var calendar = new Calendar { Method = cancelled ? "CANCEL" : "REQUEST", ProductId = "-//ChiroClick//Appointments//NO" };
        calendar.Events.Add(new CalendarEvent
        {
            Uid = id.ToString(),
            Sequence = sequence,
            Summary = $"{Capitalised(type)} hos {clinicName}",
            Description = $"Behandler: {practitioner}",
            DtStart = new CalDateTime(start.UtcDateTime),
            DtEnd = new CalDateTime(end.UtcDateTime),
            DtStamp = new CalDateTime(stamp.UtcDateTime),
            Status = cancelled ? "CANCELLED" : "CONFIRMED",
        });
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    /// <summary>The calendar text of an appointment read model.</summary>
    public static string Render(AppointmentSummary a, string clinicName, DateTimeOffset stamp) =>
        Render(a.Id, a.Practitioner, a.Start, a.End, a.Type, a.Sequence, a.Status == AppointmentStatus.Cancelled, clinicName, stamp);

    /// <summary>The calendar text of an appointment aggregate.</summary>
    public static string Render(Appointment a, string clinicName, DateTimeOffset stamp) =>
        Render(a.Id, a.Practitioner, a.Start, a.End, a.Type, a.Sequence, a.Status == AppointmentStatus.Cancelled, clinicName, stamp);

    /// <summary>The clinic's display name (the clinic stream), "klinikken" when unknown.</summary>
    public static async Task<string> ClinicNameAsync(IQuerySession session, CancellationToken ct) =>
        (await session.Events.AggregateStreamAsync<Clinic>(Clinics.ClinicSettingsStore.ClinicIdOf(session), token: ct))?.Name ?? "klinikken";

    private static string Capitalised(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}

/// <summary><c>GET /api/v1/appointments/{id}/ics</c>.</summary>
public static class AppointmentCalendarEndpoint
{
    /// <summary><c>GET /api/v1/appointments/{id}/ics</c>: the appointment as <c>text/calendar</c>; 404 when unknown.</summary>
    [WolverineGet("/api/v1/appointments/{id:guid}/ics", OperationId = "getAppointmentCalendar", Summary = "Get an appointment as an iCalendar (.ics) event")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<string>(200, "text/calendar")]
    public static async Task<IResult> Get([Entity] AppointmentSummary appointment, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var text = AppointmentCalendar.Render(appointment, await AppointmentCalendar.ClinicNameAsync(session, ct), clock.GetUtcNow());
        return Results.Text(text, "text/calendar; charset=utf-8", Encoding.UTF8);
    }
}
