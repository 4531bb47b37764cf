using ChiroClick.Api.Campaigns;
using ChiroClick.Api.Ai;
using ChiroClick.Domain.Clinics;
using ChiroClick.Projections.Access;
using ChiroClick.Projections.Leads;
using ChiroClick.Api.Training;
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

        opts.ConfigureAccess();
        opts.ConfigureLeads();
        opts.ConfigureAi();
        Patients.PatientsConfiguration.ConfigurePatients(opts);
        Surveys.SurveysConfiguration.ConfigureSurveys(opts);
        Communications.CommunicationsConfiguration.ConfigureCommunications(opts);
        Referrals.ReferralsConfiguration.ConfigureReferrals(opts);
        Waitlist.WaitlistConfiguration.ConfigureWaitlist(opts);
        Clinics.ClinicsConfiguration.ConfigureClinics(opts);
        Retention.RetentionConfiguration.ConfigureRetention(opts);
        opts.ConfigureTraining();
        opts.ConfigureCampaigns();
        Webhooks.WebhooksConfiguration.ConfigureWebhooks(opts);
        opts.ConfigureDataProtectionKeys();
        Appointments.AppointmentsConfiguration.ConfigureAppointments(opts);
        Workflows.WorkflowsConfiguration.ConfigureWorkflows(opts);
        Privacy.PrivacyConfiguration.ConfigurePrivacy(opts);
        Telephony.TelephonyConfiguration.ConfigureTelephony(opts);
        Consultations.ConsultationsConfiguration.ConfigureConsultations(opts);
        Assistant.AssistantConfiguration.ConfigureAssistant(opts);
    }

    private static void ConfigureAccess(this StoreOptions opts)
    {
        opts.Projections.Add<ApiKeyProjection>(ProjectionLifecycle.Inline, Tuned);
        // The key lookup is what finds the tenant, so it cannot itself be tenanted.
        opts.Schema.For<ApiKeyRecord>().SingleTenanted().Index(x => x.ClinicId);
        opts.Schema.For<Access.ApiKeyUsage>().SingleTenanted();
        opts.Events.AddEventType<ClinicRegistered>();
        opts.Events.AddEventType<ApiKeyRevoked>();
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

    private static void ConfigureLeads(this StoreOptions opts)
    {
        // Writes load the lead from its inline snapshot instead of replaying its stream.
        opts.Projections.Snapshot<ChiroClick.Domain.Leads.Lead>(SnapshotLifecycle.Inline, Tuned);
        opts.Projections.Add<LeadSummaryProjection>(ProjectionLifecycle.Inline, Tuned);
        opts.Projections.Add<LeadPipelineProjection>(ProjectionLifecycle.Async, Tuned);
        opts.Schema.For<LeadSummary>().Index(x => x.CapturedAt);
    }
}
