using JasperFx.CodeGeneration;
using Wolverine;
using Wolverine.Http;

namespace ChiroClick.Api.Infrastructure;

/// <summary>Wolverine: handler discovery, transactions, durable local queues, code generation.</summary>
public static class WolverineConfiguration
{
    /// <summary>
    /// Configures Wolverine. Code generation is <b>Dynamic</b>: handler and endpoint adapters are
    /// generated and compiled in memory at start-up (WolverineFx.RuntimeCompilation), and nothing
    /// generated is committed, so a fresh clone can never run stale generated code. The price is ~1 s
    /// more start-up and Roslyn's memory; see docs/architecture.md.
    /// </summary>
    public static void ConfigureChiroClick(this WolverineOptions opts)
    {
        opts.ApplicationAssembly = typeof(Program).Assembly;
        opts.UseRuntimeCompilation();
        opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Dynamic;

        opts.Policies.AutoApplyTransactions();
        opts.Policies.UseDurableLocalQueues();
        opts.Policies.UseDurableInboxOnAllListeners();
        opts.Policies.UseDurableOutboxOnAllSendingEndpoints();

        // The API key's user goes onto every event's user_name.
        opts.EnableRelayOfUserName = true;
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
