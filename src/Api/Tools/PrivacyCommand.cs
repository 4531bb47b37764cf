using ChiroClick.Api.Infrastructure;
using ChiroClick.Api.Privacy;
using ChiroClick.Api.Access;
using JasperFx.CommandLine;

namespace ChiroClick.Api.Tools;

/// <summary>Arguments of <c>privacy retention [--dry-run] [--clinic ID]</c>.</summary>
public class PrivacyInput : NetCoreInput
{
    /// <summary>The action: retention.</summary>
    [Description("retention: erase the leads and patients past their retention period")]
    public string Action { get; set; } = "";

    /// <summary>List only.</summary>
    [Description("List what the next run would erase, erase nothing"), FlagAlias("dry-run")]
    public bool DryRunFlag { get; set; }

    /// <summary>Limit to one clinic.</summary>
    [Description("Only this clinic id (default: every clinic)"), FlagAlias("clinic")]
    public string? ClinicFlag { get; set; }
}

/// <summary>
/// <c>privacy retention --dry-run</c> lists, per clinic, the subjects the retention job would erase now (type, id,
/// reason; no personal data); <c>privacy retention</c> runs the job and carries the erasures out.
/// </summary>
[Description("Privacy: the retention job (erasure of leads and patients past their retention period)", Name = "privacy")]
public class PrivacyCommand : JasperFxAsyncCommand<PrivacyInput>
{
    /// <summary>Usage.</summary>
    public PrivacyCommand()
    {
        Usage("Run (or with --dry-run list) the retention job").Arguments(x => x.Action);
    }

    /// <inheritdoc />
    public override async Task<bool> Execute(PrivacyInput input)
    {
        if (!string.Equals(input.Action.Trim(), "retention", StringComparison.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine("Usage: privacy retention [--dry-run] [--clinic ID]");
            return false;
        }
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var options = host.Services.GetRequiredService<IOptions<PrivacyOptions>>().Value;
        var clock = host.Services.GetRequiredService<TimeProvider>();
        var processor = host.Services.GetRequiredService<ErasureProcessor>();

        List<Guid> clinics;
        await using (var query = store.QuerySession())
            clinics = await ApiKeys.RegisteredClinicsAsync(query, CancellationToken.None);
        if (!string.IsNullOrWhiteSpace(input.ClinicFlag))
        {
            if (!Guid.TryParse(input.ClinicFlag, out var only) || !clinics.Contains(only))
            {
                Console.Error.WriteLine($"No clinic with id '{input.ClinicFlag}'.");
                return false;
            }
            clinics = [only];
        }

        var total = 0;
        foreach (var clinic in clinics)
        {
            var now = clock.GetUtcNow();
            if (input.DryRunFlag)
            {
                await using var query = store.QuerySession(clinic.ToString());
                var candidates = await RetentionJob.CandidatesAsync(query, options, now, default);
                foreach (var c in candidates)
                    Console.WriteLine($"{clinic}  {ChiroJson.Wire(c.SubjectType),-8} {c.SubjectId}  {c.Reason}");
                total += candidates.Count;
                continue;
            }
            await using var session = store.LightweightSession(clinic.ToString());
            var (run, erasures) = await RetentionJob.RunAsync(session, options, now, default);
            await session.SaveChangesAsync();
            foreach (var e in erasures)
            {
                var result = await processor.ProcessAsync(clinic.ToString(), e.ErasureId, default);
                Console.WriteLine($"{clinic}  erasure {e.ErasureId}: {ChiroJson.Wire(result!.Status)}" +
                                  (result.RefusedReason is null ? "" : $" ({result.RefusedReason})"));
            }
            Console.WriteLine($"{clinic}  retention run {run.RunId}: {run.LeadsErased} leads, {run.PatientsErased} patients");
            total += erasures.Count;
        }
        Console.WriteLine(input.DryRunFlag
            ? $"The next retention run would erase {total} subject(s)."
            : $"Retention run erased {total} subject(s).");
        return true;
    }
}
