using ChiroClick.Domain.Clinics;
using ChiroClick.Projections.Access;
using ChiroClick.Projections.Leads;
using ChiroClick.Api.Training;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using JasperFx.Resources;
using Weasel.Core;
using Wolverine.Marten;

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
    /// Throws <see cref="InvalidOperationException"/> at start-up when no connection string is configured.
    /// </summary>
    public static IServiceCollection AddChiroClickMarten(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "No PostgreSQL connection string. Run the API with scripts/run.sh (it starts a local PostgreSQL), " +
                "or set ConnectionStrings__Marten, e.g. 'Host=127.0.0.1;Port=5432;Database=chiroclick;Username=postgres'.");
        }

        var daemonMode = configuration.GetValue("Marten:DaemonMode", DaemonMode.Solo);

        services.AddMarten(opts =>
            {
                opts.Connection(connectionString);
                opts.DatabaseSchemaName = "chiroclick";
                opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, ChiroJson.Apply);

                opts.Events.TenancyStyle = JasperFx.MultiTenancy.TenancyStyle.Conjoined;
                opts.Policies.AllDocumentsAreMultiTenanted();
                opts.Events.MetadataConfig.UserNameEnabled = true;
                opts.Events.MetadataConfig.CorrelationIdEnabled = true;
                opts.Events.MetadataConfig.CausationIdEnabled = true;
                opts.Events.MetadataConfig.HeadersEnabled = true;

                opts.ConfigureAccess();
                opts.ConfigureLeads();
                opts.ConfigureTraining();
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup()
            .AddAsyncDaemon(daemonMode)
            .IntegrateWithWolverine();

        // Wolverine's envelope tables (durable inbox/outbox) are created at start-up as well.
        services.AddResourceSetupOnStartup();
        return services;
    }

    private static void ConfigureAccess(this StoreOptions opts)
    {
        opts.Projections.Add<ApiKeyProjection>(ProjectionLifecycle.Inline);
        // The key lookup is what finds the tenant, so it cannot itself be tenanted.
        opts.Schema.For<ApiKeyRecord>().SingleTenanted();
        opts.Events.AddEventType<ClinicRegistered>();
    }

    private static void ConfigureLeads(this StoreOptions opts)
    {
        opts.Projections.Add<LeadSummaryProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<LeadPipelineProjection>(ProjectionLifecycle.Async);
        opts.Schema.For<LeadSummary>().Index(x => x.CapturedAt);
    }
}
