using ChiroClick.Api.Campaigns;
using JasperFx.CodeGeneration;
using Wolverine;
using Wolverine.Http;

namespace ChiroClick.Api.Infrastructure;

/// <summary>Wolverine: handler discovery, transactions, durable local queues, code generation.</summary>
public static class WolverineConfiguration
{
    /// <summary>Configuration key choosing how handler code is loaded: Static, Dynamic or Auto.</summary>
    public const string TypeLoadModeSetting = "Wolverine:TypeLoadMode";

    /// <summary>
    /// Configures Wolverine. Handler and endpoint adapters are generated code. Outside Development they
    /// are loaded <b>Static</b>ally from <c>src/Api/Internal/Generated</c>, compiled into the assembly
    /// (no Roslyn at run time: about half the memory). That code is committed, and CI regenerates it and
    /// fails on any difference (scripts/codegen-check.sh), so what lands is never stale. In Development
    /// (scripts/run.sh, tests) it is generated <b>Dynamic</b>ally at start-up, so a changed handler always
    /// runs as written. <c>Wolverine:TypeLoadMode</c> overrides either; see docs/architecture.md.
    /// </summary>
    public static void ConfigureChiroClick(this WolverineOptions opts, IConfiguration configuration, IHostEnvironment environment)
    {
        opts.ApplicationAssembly = typeof(Program).Assembly;
        var mode = configuration.GetValue(TypeLoadModeSetting, environment.IsDevelopment() ? TypeLoadMode.Dynamic : TypeLoadMode.Static);
        if (mode != TypeLoadMode.Static) opts.UseRuntimeCompilation();
        opts.CodeGeneration.TypeLoadMode = mode;

        opts.Policies.AutoApplyTransactions();
        opts.Policies.UseDurableLocalQueues();
        opts.Policies.UseDurableInboxOnAllListeners();
        opts.Policies.UseDurableOutboxOnAllSendingEndpoints();

        // The API key's user goes onto every event's user_name.
        opts.EnableRelayOfUserName = true;
        opts.ConfigureCampaignQueue();
    }

    /// <summary>HTTP endpoint policies: tenant from the API key, auth on everything, 409 on stale versions.</summary>
    public static void ConfigureChiroClickEndpoints(this WolverineHttpOptions opts)
    {
        opts.TenantId.IsClaimTypeNamed(Access.ApiKeyAuthentication.ClinicClaim);
        opts.RequireAuthorizeOnAll();
        opts.MapConcurrencyFailuresToConflict();
        // "?page=abc" is a 400 problem, not a silent default.
        opts.RejectUnparseableQueryValues = true;
    }
}
