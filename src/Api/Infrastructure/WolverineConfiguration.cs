using ChiroClick.Api.Campaigns;
using JasperFx.CodeGeneration;

namespace ChiroClick.Api.Infrastructure;

/// <summary>Wolverine: handler discovery, transactions, durable local queues, code generation.</summary>
public static class WolverineConfiguration
{
    /// <summary>True in Release builds, which compile src/Api/Internal/Generated (see Api.csproj).</summary>
#if DEBUG
    public const bool PreGeneratedCodeCompiledIn = false;
#else
    public const bool PreGeneratedCodeCompiledIn = true;
#endif

    /// <summary>Configuration key choosing how handler code is loaded: Static, Dynamic or Auto.</summary>
    public const string TypeLoadModeSetting = "Wolverine:TypeLoadMode";

    /// <summary>
    /// Configures Wolverine. Handler and endpoint adapters are generated code. Release builds compile the
    /// committed pre-generated code (<c>src/Api/Internal/Generated</c>) and load it <b>Static</b>ally: no
    /// Roslyn at run time, about half the memory. CI regenerates that code and fails on any difference
    /// (scripts/codegen.sh --check), so what lands is never stale. Debug builds (scripts/run.sh, the tests,
    /// <c>dotnet run</c> CLI commands) do not compile it and generate it <b>Dynamic</b>ally at start-up, so a
    /// changed handler always runs as written. <c>Wolverine:TypeLoadMode</c> overrides either; see
    /// docs/architecture.md.
    /// </summary>
    public static void ConfigureChiroClick(this WolverineOptions opts, IConfiguration configuration)
    {
        opts.ApplicationAssembly = typeof(Program).Assembly;
        var mode = configuration.GetValue(TypeLoadModeSetting, PreGeneratedCodeCompiledIn ? TypeLoadMode.Static : TypeLoadMode.Dynamic);
        if (mode != TypeLoadMode.Static) opts.UseRuntimeCompilation();
        opts.CodeGeneration.TypeLoadMode = mode;

        // Each handler of a message type runs on its own: its own transaction, retries and dead letter (LeadCaptured
        // feeds both the referral handler and the workflow triggers; one failing must not roll back or replay the
        // other). Wolverine gives every extra handler its own local queue, made durable by the policy below.
        opts.MultipleHandlerBehavior = MultipleHandlerBehavior.Separated;
        opts.Policies.AutoApplyTransactions();
        opts.Policies.UseDurableLocalQueues();
        opts.Policies.UseDurableInboxOnAllListeners();
        opts.Policies.UseDurableOutboxOnAllSendingEndpoints();

        // The API key's user goes onto every event's user_name.
        opts.EnableRelayOfUserName = true;
        opts.ConfigureCampaignQueue();
        Workflows.WorkflowsConfiguration.ConfigureWorkflowQueue(opts);
        Privacy.PrivacyConfiguration.ConfigurePrivacyQueue(opts);
    }

    /// <summary>
    /// HTTP endpoint policies: tenant from the API key, auth on everything, the roles each feature declares
    /// (<see cref="Access.RoleAccessPolicy"/>), 409 on stale versions.
    /// </summary>
    public static void ConfigureChiroClickEndpoints(this WolverineHttpOptions opts)
    {
        opts.TenantId.IsClaimTypeNamed(Access.ApiKeyAuthentication.ClinicClaim);
        opts.RequireAuthorizeOnAll();
        opts.AddPolicy<Access.RoleAccessPolicy>();
        opts.MapConcurrencyFailuresToConflict();
        // "?page=abc" is a 400 problem, not a silent default.
        opts.RejectUnparseableQueryValues = true;
    }
}
