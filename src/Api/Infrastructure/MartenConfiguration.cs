using JasperFx.Events.Projections;
using JasperFx.Resources;
using Weasel.Core;
using ChiroClick.Api.Telephony;

namespace ChiroClick.Api.Infrastructure;

/// <summary>Marten: the event store, tenancy, serialisation and the projections of every module.</summary>
public static class MartenConfiguration
{
    /// <summary>Configuration key of the PostgreSQL connection string (env: <c>ConnectionStrings__Marten</c>).</summary>
    public const string ConnectionStringName = "Marten";

    /// <summary>
    /// Registers Marten with conjoined tenancy (tenant = clinic id), System.Text.Json with snake_case
    /// enums, user name / correlation / causation metadata on every event, and the async daemon
    /// (<c>Marten:DaemonMode</c>: Solo by default, HotCold for several API nodes).
    /// Without a configured connection string it starts the checkout's local cluster (<see cref="LocalPostgres"/>);
    /// throws <see cref="InvalidOperationException"/> at start-up when neither is available.
    /// </summary>
    public static IServiceCollection AddChiroClickMarten(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = LocalPostgres.TryStart();
            // Every other reader of the connection string (access log, CLI tools) sees the same database.
            if (connectionString is not null) configuration[$"ConnectionStrings:{ConnectionStringName}"] = connectionString;
        }
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "No PostgreSQL connection string. Run the API with scripts/run.sh (it starts a local PostgreSQL), " +
                "or set ConnectionStrings__Marten, e.g. 'Host=127.0.0.1;Port=5432;Database=chiroclick;Username=postgres'.");
        }

        services.AddOptions<MartenSettings>().Bind(configuration.GetSection(MartenSettings.Section)).ValidateDataAnnotations().ValidateOnStart();
        var daemonMode = (configuration.GetSection(MartenSettings.Section).Get<MartenSettings>() ?? new MartenSettings()).DaemonMode;

        services.AddMarten(sp =>
            {
                var opts = new StoreOptions();
                opts.ConfigureChiroClickStore(connectionString, timeProvider: sp.GetService<TimeProvider>() ?? TimeProvider.System);
                return opts;
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup()
            .AddAsyncDaemon(daemonMode)
            .IntegrateWithWolverine()
            .PublishAutomationEventsToWolverine()
            .PublishTelephonyEventsToWolverine();

        // Wolverine's envelope tables (durable inbox/outbox) are created at start-up as well.
        services.AddResourceSetupOnStartup();
        return services;
    }

    /// <summary>Schema of every table of the event store, the read models and Wolverine's envelopes.</summary>
    public const string Schema = "chiroclick";

    /// <summary>
    /// The whole store configuration, shared by the API and by tools that need an identical store in
    /// another schema (<c>projections verify</c> rebuilds into a shadow schema with it).
    /// </summary>
    public static void ConfigureChiroClickStore(this StoreOptions opts, string connectionString, string schema = Schema,
        TimeProvider? timeProvider = null)
    {
        opts.Connection(connectionString);
        opts.DatabaseSchemaName = schema;
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, ChiroJson.Apply);

        opts.Events.TenancyStyle = JasperFx.MultiTenancy.TenancyStyle.Conjoined;
        opts.Policies.AllDocumentsAreMultiTenanted();
        opts.Events.MetadataConfig.UserNameEnabled = true;
        opts.Events.MetadataConfig.CorrelationIdEnabled = true;
        opts.Events.MetadataConfig.CausationIdEnabled = true;
        opts.Events.MetadataConfig.HeadersEnabled = true;
        // Event timestamps at PostgreSQL's precision, so inline projections see exactly what a rebuild will read back.
        opts.Events.TimeProvider = new MicrosecondTimeProvider(timeProvider ?? TimeProvider.System);

        opts.Projections.UseIdentityMapForAggregates = true;

        // One call per feature (its events, projections, snapshots and indexes: <Feature>Configuration.Configure<Feature>).
        Action<StoreOptions>[] features =
        [
            Access.AccessConfiguration.ConfigureAccess, Leads.LeadsConfiguration.ConfigureLeads, Ai.AiConfiguration.ConfigureAi,
            Patients.PatientsConfiguration.ConfigurePatients, Surveys.SurveysConfiguration.ConfigureSurveys,
            Communications.CommunicationsConfiguration.ConfigureCommunications, Referrals.ReferralsConfiguration.ConfigureReferrals,
            Waitlist.WaitlistConfiguration.ConfigureWaitlist, Clinics.ClinicsConfiguration.ConfigureClinics,
            Retention.RetentionConfiguration.ConfigureRetention, Training.TrainingConfiguration.ConfigureTraining,
            Campaigns.CampaignsConfiguration.ConfigureCampaigns, Webhooks.WebhooksConfiguration.ConfigureWebhooks,
            DataProtectionKeyRing.ConfigureDataProtectionKeys, Appointments.AppointmentsConfiguration.ConfigureAppointments,
            Workflows.WorkflowsConfiguration.ConfigureWorkflows, Privacy.PrivacyConfiguration.ConfigurePrivacy,
            Telephony.TelephonyConfiguration.ConfigureTelephony, Consultations.ConsultationsConfiguration.ConfigureConsultations,
            Assistant.AssistantConfiguration.ConfigureAssistant,
        ];
        foreach (var configure in features) configure(opts);
    }

    /// <summary>
    /// Daemon settings for every projection: large event pages, and during rebuilds only the latest state
    /// of each document is written (one write per document per 10,000 dirty documents instead of one per
    /// event). Measured in docs/benchmarks.md.
    /// </summary>
    public static void Tuned(AsyncOptions o)
    {
        o.BatchSize = 5_000;
        o.RebuildFlushThreshold = 10_000;
    }
}
