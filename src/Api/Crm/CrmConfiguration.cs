using ChiroClick.Domain.Clinics;
using ChiroClick.Projections.Communications;
using ChiroClick.Projections.Patients;
using ChiroClick.Projections.Referrals;
using ChiroClick.Projections.Retention;
using ChiroClick.Projections.Surveys;
using JasperFx.Events.Projections;
using Marten;
using Wolverine.Marten;

namespace ChiroClick.Api.Crm;

/// <summary>Marten and service registration of the CRM core (patients, visits, lifecycle, surveys, communications).</summary>
public static class CrmConfiguration
{
    /// <summary>Inline read models of patients, visits, surveys and communications, with their indexes.</summary>
    public static void ConfigureCrm(this StoreOptions opts)
    {
        opts.Projections.Add<PatientSummaryProjection>(ProjectionLifecycle.Inline, Infrastructure.MartenConfiguration.Tuned);
        opts.Projections.Add<PatientVisitsProjection>(ProjectionLifecycle.Inline, Infrastructure.MartenConfiguration.Tuned);
        opts.Projections.Add<SurveySummaryProjection>(ProjectionLifecycle.Inline, Infrastructure.MartenConfiguration.Tuned);
        opts.Projections.Add<CommunicationEntryProjection>(ProjectionLifecycle.Inline, Infrastructure.MartenConfiguration.Tuned);
        opts.Projections.Add<ReferralSummaryProjection>(ProjectionLifecycle.Inline, Infrastructure.MartenConfiguration.Tuned);
        opts.Projections.Add<ChiroClick.Projections.Waitlist.WaitlistEntrySummaryProjection>(ProjectionLifecycle.Inline, Infrastructure.MartenConfiguration.Tuned);
        opts.Schema.For<ReferralSummary>().Index(x => x.ReferredLeadId);
        opts.Schema.For<PatientSummary>().Index(x => x.Phone).Index(x => x.ExternalId).Index(x => x.FullName);
        opts.Schema.For<CommunicationEntry>().Index(x => x.OccurredAt).Index(x => x.PatientId);
        opts.Events.AddEventType<ClinicSettingsChanged>();

        // Analytics (retention, churn, NPS, lifecycle and referral stats, overview) as per-clinic and per-clinic-month documents.
        opts.Projections.Add(new ClinicAnalyticsProjection(), ProjectionLifecycle.Async, ClinicAnalyticsProjection.Name, o =>
        {
            Infrastructure.MartenConfiguration.Tuned(o);
            // A custom projection declares no documents: without this a rebuild would add to the old counts.
            foreach (var type in ClinicAnalyticsProjection.PublishedDocumentTypes) o.DeleteViewTypeOnTeardown(type);
        });
        foreach (var type in ClinicAnalyticsProjection.PublishedDocumentTypes) opts.RegisterDocumentType(type);
        opts.Schema.For<NpsMonthCounts>().Index(x => x.Scope);
    }

    /// <summary>
    /// Relays the events that drive automation from the event store to Wolverine, in their clinic's tenant (subscription
    /// "crm-automation", run by the async daemon, so it survives restarts and never misses an event; delivery is at least once,
    /// so every handler is idempotent): LeadCaptured and LeadConverted for the referral handlers; VisitCompleted, LeadCaptured,
    /// LeadStageChanged, SurveyResponseReceived and LifecycleStageChanged for the workflow triggers; the AI suggestion decisions
    /// for draft_sms steps awaiting approval.
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression PublishCrmEventsToWolverine(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten) =>
        marten.PublishEventsToWolverine("crm-automation", relay =>
        {
            // A database that predates the subscription starts at its present high water (stored as the floor), instead of
            // relaying all of history into handlers that would ignore it; after that, progress is kept across restarts.
            relay.Options.SubscribeFromFirstRun();
            relay.PublishEvent<ChiroClick.Domain.Leads.LeadCaptured>();
            relay.PublishEvent<ChiroClick.Domain.Leads.LeadConverted>();
            relay.PublishEvent<ChiroClick.Domain.Leads.LeadStageChanged>();
            relay.PublishEvent<ChiroClick.Domain.Patients.VisitCompleted>();
            relay.PublishEvent<ChiroClick.Domain.Patients.LifecycleStageChanged>();
            relay.PublishEvent<ChiroClick.Domain.Surveys.SurveyResponseReceived>();
            relay.PublishEvent<ChiroClick.Domain.Ai.AiSuggestionAccepted>();
            relay.PublishEvent<ChiroClick.Domain.Ai.AiSuggestionModified>();
            relay.PublishEvent<ChiroClick.Domain.Ai.AiSuggestionRejected>();
            relay.PublishEvent<ChiroClick.Domain.Appointments.AppointmentBooked>();
            relay.PublishEvent<ChiroClick.Domain.Appointments.AppointmentCancelled>();
            relay.PublishEvent<ChiroClick.Domain.Appointments.AppointmentNoShow>();
            relay.PublishEvent<ChiroClick.Domain.Appointments.AppointmentCompleted>();
        });

    /// <summary>The lifecycle scheduler (a hosted service, also resolvable to trigger a sweep of every clinic).</summary>
    public static IServiceCollection AddChiroClickCrm(this IServiceCollection services)
    {
        services.AddSingleton<LifecycleScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<LifecycleScheduler>());
        return services;
    }
}
