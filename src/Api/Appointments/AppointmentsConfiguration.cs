using ChiroClick.Domain.Appointments;
using ChiroClick.Domain.Communications;
using ChiroClick.Projections.Appointments;

namespace ChiroClick.Api.Appointments;

/// <summary>Marten registration of appointments and of the SMS questions replies are read against.</summary>
public static class AppointmentsConfiguration
{
    /// <summary>
    /// The appointment aggregate as an inline snapshot (the write model), the inline <see cref="AppointmentSummary"/> read model
    /// (indexed by start, practitioner and patient for the list and the overlap check) and the inline <see cref="SmsQuestion"/>
    /// snapshot (indexed by phone for the inbound router); the async <see cref="AppointmentAnalyticsProjection"/>.
    /// </summary>
    public static void ConfigureAppointments(this StoreOptions opts)
    {
        opts.AddInlineSnapshot<Appointment>();
        opts.AddInline<AppointmentSummaryProjection>();
        opts.AddInlineSnapshot<SmsQuestion>();
        opts.Schema.For<AppointmentSummary>().Index(x => x.Start).Index(x => x.PatientId).Index(x => x.Practitioner);
        opts.Schema.For<SmsQuestion>().Index(x => x.Phone);
        // Front-desk figures per ISO week × practitioner (GET /api/v1/crm/analytics/appointments).
        opts.AddAsyncPublishing(new AppointmentAnalyticsProjection(), AppointmentAnalyticsProjection.Name,
            AppointmentAnalyticsProjection.PublishedDocumentTypes);
        opts.Events.AddEventTypes([typeof(AppointmentBooked), typeof(AppointmentRescheduled), typeof(AppointmentCancelled),
            typeof(AppointmentConfirmed), typeof(AppointmentCheckedIn), typeof(AppointmentNoShow),
            typeof(AppointmentCompleted), typeof(AppointmentReminderSent), typeof(SmsQuestionAsked),
            typeof(SmsQuestionAnswered), typeof(ChiroClick.Domain.Surveys.SurveyResponseCommented)]);
    }
}
