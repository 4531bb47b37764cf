using ChiroClick.Domain.Telephony;
using ChiroClick.Projections.Leads;
using ChiroClick.Projections.Telephony;

namespace ChiroClick.Api.Telephony;

/// <summary>Registration of the telephony feature: events, read models, analytics, the automation relay, options and the screen-pop feed.</summary>
public static class TelephonyConfiguration
{
    /// <summary>
    /// The call aggregate as an inline snapshot (the write model), the inline <see cref="CallSummary"/> (indexed by start and number for
    /// the call log and the call-back lookup), the async <see cref="CallAnalyticsProjection"/>, and an index on the leads' phone for the
    /// caller match.
    /// </summary>
    public static void ConfigureTelephony(this StoreOptions opts)
    {
        opts.AddInlineSnapshot<Call>();
        opts.AddInline<CallSummaryProjection>();
        opts.Schema.For<CallSummary>().Index(x => x.StartedAt).Index(x => x.Number);
        opts.Schema.For<LeadSummary>().Index(x => x.Phone);
        opts.Events.AddEventTypes([typeof(CallLogged), typeof(CallRinging), typeof(CallAnswered), typeof(CallEnded),
            typeof(CallMissed), typeof(CallVoicemailLeft), typeof(CallTranscriptReceived), typeof(CallerMatched),
            typeof(CallNoteAdded), typeof(CallCalledBack)]);

        opts.AddAsyncPublishing(new CallAnalyticsProjection(), CallAnalyticsProjection.Name,
            CallAnalyticsProjection.PublishedDocumentTypes);
    }

    /// <summary>
    /// Relays the call events automation reacts to from the event store to Wolverine, in their clinic's tenant (subscription
    /// "telephony-automation", run by the async daemon; at least once, so every handler is idempotent): CallMissed and
    /// CallVoicemailLeft start call_missed workflows; CallLogged (outbound) counts an attempt on the number's call tasks and
    /// CallAnswered (outbound) closes them.
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression PublishTelephonyEventsToWolverine(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten) =>
        marten.PublishEventsToWolverine("telephony-automation", relay =>
        {
            relay.Options.SubscribeFromFirstRun();
            relay.PublishEvent<CallLogged>();
            relay.PublishEvent<CallAnswered>();
            relay.PublishEvent<CallMissed>();
            relay.PublishEvent<CallVoicemailLeft>();
        });

    /// <summary><see cref="TelephonyOptions"/> (validated at start-up) and the screen-pop feed (a hosted service).</summary>
    public static IServiceCollection AddChiroClickTelephony(this IServiceCollection services)
    {
        services.AddOptions<TelephonyOptions>().BindConfiguration(TelephonyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CallFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<CallFeed>());
        return services;
    }
}
