using ChiroClick.Domain.Consultations;
using ChiroClick.Domain.Patients;
using ChiroClick.Projections.Consultations;

namespace ChiroClick.Api.Consultations;

/// <summary>Marten registration of consultations: their events and the inline <see cref="ConsultationSummary"/>.</summary>
public static class ConsultationsConfiguration
{
    /// <summary>Event types, the read model (indexed by patient and time) — one line in MartenConfiguration.</summary>
    public static void ConfigureConsultations(this StoreOptions opts)
    {
        opts.Events.AddEventTypes([typeof(ConsultationRecorded), typeof(ConsultationExtractionRequested),
            typeof(ConsultationExtractionApplied)]);
        // Appended to the patient's stream by Patients' RecordVisitNote handler; this feature is its only producer today.
        opts.Events.AddEventType<VisitNoteRecorded>();
        opts.AddInline<ConsultationSummaryProjection>();
        opts.Schema.For<ConsultationSummary>().Index(x => x.PatientId).Index(x => x.RecordedAt);
    }
}
