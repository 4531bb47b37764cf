using ChiroClick.Api.Infrastructure;
using JasperFx.CommandLine;

namespace ChiroClick.Api.Tools;

/// <summary>Arguments of <c>projections verify</c>.</summary>
public class ProjectionsVerifyInput : NetCoreInput
{
    /// <summary>Limit to one projection.</summary>
    [Description("Only this projection"), FlagAlias("projection", 'p')]
    public string? ProjectionFlag { get; set; }

    /// <summary>Limit the comparison to one clinic.</summary>
    [Description("Only this clinic id (default: every clinic)"), FlagAlias("clinic")]
    public string? ClinicFlag { get; set; }
}

/// <summary>
/// <c>projections verify [-p Name]</c> recomputes each projection from the raw events and diffs it
/// against the stored read models, naming every differing document and exiting non-zero on any
/// difference. JasperFx's own <c>projections</c> command owns that name, so <see cref="RewriteArgs"/>
/// routes <c>projections verify</c> here and leaves every other <c>projections</c> action to it.
/// </summary>
[Description("Recompute projections from the raw events and diff them against the stored read models", Name = CommandName)]
public class ProjectionsVerifyCommand : JasperFxAsyncCommand<ProjectionsVerifyInput>
{
    /// <summary>The registered command name.</summary>
    public const string CommandName = "projections-verify";

    /// <summary>Maps <c>projections verify ...</c> to <c>projections-verify ...</c>; other arguments pass unchanged.</summary>
    public static string[] RewriteArgs(string[] args) =>
        args is ["projections", "verify", .. var rest] ? [CommandName, .. rest] : args;

    /// <inheritdoc />
    public override async Task<bool> Execute(ProjectionsVerifyInput input)
    {
        using var host = input.BuildHost();
        var connectionString = host.Services.GetRequiredService<IConfiguration>().GetConnectionString(MartenConfiguration.ConnectionStringName)!;
        var verifier = new ProjectionVerifier(connectionString);
        var only = string.IsNullOrWhiteSpace(input.ProjectionFlag) ? Array.Empty<string>() : [input.ProjectionFlag];
        IReadOnlyList<ProjectionVerification> results;
        try
        {
            results = await verifier.VerifyAsync(only, Console.WriteLine,
                clinics: string.IsNullOrWhiteSpace(input.ClinicFlag) ? null : [input.ClinicFlag.Trim()]);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return false;
        }

        var failed = false;
        foreach (var result in results)
        {
            if (result.Differences.Count == 0)
            {
                Console.WriteLine($"OK   {result.Projection} ({result.DocumentsCompared} documents)");
                continue;
            }
            failed = true;
            Console.WriteLine($"FAIL {result.Projection}: {result.Differences.Count} document(s) differ from the recomputation");
            foreach (var d in result.Differences)
                Console.WriteLine($"     {ChiroJson.Wire(d.Kind),-9} {d.DocumentType} id={d.DocumentId} tenant={d.TenantId}");
        }
        Console.WriteLine(failed ? "Projections differ from the raw events." : "All projections match the raw events.");
        return !failed;
    }
}
