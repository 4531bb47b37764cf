using ChiroClick.Domain.Campaigns;
using System.Net.Sockets;
using MailKit.Net.Smtp;
using Wolverine.ErrorHandling;

namespace ChiroClick.Api.Campaigns;

/// <summary>Marten and Wolverine registration of campaigns.</summary>
public static class CampaignsConfiguration
{
    /// <summary>Name of the sequential durable local queue the per-recipient sends go through.</summary>
    public const string Queue = "campaign-sends";

    /// <summary>Campaign events and the inline <see cref="Campaign"/> snapshot (the campaign read model).</summary>
    public static void ConfigureCampaigns(this StoreOptions opts)
    {
        opts.AddInlineSnapshot<Campaign>();
        opts.Events.AddEventTypes([typeof(CampaignCreated), typeof(CampaignUpdated), typeof(CampaignScheduled),
            typeof(CampaignLaunched), typeof(CampaignMessageDelivered), typeof(CampaignMessageOpened),
            typeof(CampaignMessageClicked), typeof(CampaignMessageSent), typeof(CampaignMessageFailed),
            typeof(CampaignCompleted), typeof(ChiroClick.Domain.Patients.ConsentGiven),
            typeof(ChiroClick.Domain.Patients.ConsentWithdrawn)]);
        opts.Schema.For<CampaignOutboxMessage>().Index(x => x.CampaignId);
    }

    /// <summary>
    /// Registers the typed, start-up-validated <see cref="CampaignsOptions"/> (<c>Campaigns</c>), <see cref="OptOutLinks"/> and the
    /// survey links (both on Data Protection, registered by <see cref="Infrastructure.DataProtectionKeyRing"/>). The channels are
    /// Messaging's (<see cref="Messaging.MessagingConfiguration.AddChiroClickMessaging"/>).
    /// </summary>
    public static IServiceCollection AddChiroClickCampaigns(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CampaignsOptions>().Bind(configuration.GetSection(CampaignsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OptOutLinks>();
        services.AddSingleton<Surveys.SurveyLinks>();
        return services;
    }

    /// <summary>
    /// Routes <see cref="SendCampaignMessage"/> to a durable local queue processed one at a time: appends to one campaign
    /// stream never race, and the spacing set by <c>Campaigns:MessagesPerSecond</c> is kept.
    /// </summary>
    public static void ConfigureCampaignQueue(this WolverineOptions opts)
    {
        opts.PublishMessage<SendCampaignMessage>().ToLocalQueue(Queue);
        opts.LocalQueue(Queue).Sequential().UseDurableInbox();
        // SMTP/HTTP outages: quick retries, then durable scheduled retries so a longer outage still delivers exactly once.
        opts.OnException<SmtpCommandException>().Or<SmtpProtocolException>().Or<IOException>().Or<SocketException>()
            .Or<HttpRequestException>()
            .RetryWithCooldown(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1))
            .Then.ScheduleRetry(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(60));
    }
}
