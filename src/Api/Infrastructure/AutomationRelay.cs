using ChiroClick.Api.Referrals;
using ChiroClick.Api.Workflows;

namespace ChiroClick.Api.Infrastructure;

/// <summary>The one subscription that relays events from the event store to Wolverine handlers.</summary>
public static class AutomationRelay
{
    /// <summary>Stored subscription name (its progress row in the event store): never rename.</summary>
    public const string SubscriptionName = "crm-automation";

    /// <summary>
    /// Relays the events that drive automation from the event store to Wolverine, in their clinic's tenant, run by the async
    /// daemon, so it survives restarts and never misses an event; delivery is at least once, so every handler is idempotent.
    /// Each feature names the events its handlers react to (<see cref="ReferralsConfiguration.RelayReferralEvents"/>,
    /// <see cref="WorkflowsConfiguration.RelayWorkflowEvents"/>); one relay keeps one progress row and one ordering.
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression PublishAutomationEventsToWolverine(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten) =>
        marten.PublishEventsToWolverine(SubscriptionName, relay =>
        {
            // A database that predates the subscription starts at its present high water (stored as the floor), instead of
            // relaying all of history into handlers that would ignore it; after that, progress is kept across restarts.
            relay.Options.SubscribeFromFirstRun();
            relay.RelayReferralEvents();
            relay.RelayWorkflowEvents();
        });
}
