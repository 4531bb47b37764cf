using ChiroClick.Api.Access;
using ChiroClick.Api.Audit;
using ChiroClick.Api.Training;
using JasperFx.CommandLine;

namespace ChiroClick.Api.Tools;

/// <summary>Arguments of the <c>training</c> command.</summary>
public class TrainingInput : NetCoreInput
{
    /// <summary>export | merge</summary>
    [Description("export: write a clinic's dataset; merge: validate and combine exported files")]
    public string Action { get; set; } = "";

    /// <summary>Files to merge.</summary>
    [Description("JSON Lines files to merge (train/validation/test/dpo.jsonl of other clinics)")]
    public IEnumerable<string> Files { get; set; } = [];

    /// <summary>Clinic to export.</summary>
    [Description("The clinic's id (export)")]
    [FlagAlias("clinic", true)]
    public string ClinicFlag { get; set; } = "";

    /// <summary>Output folder.</summary>
    [Description("Folder to write train.jsonl, validation.jsonl, test.jsonl, dpo.jsonl and manifest.json to")]
    [FlagAlias("out", true)]
    public string OutFlag { get; set; } = "";

    /// <summary>Ignore the previous export's watermark.</summary>
    [Description("Export every example, not only those after the previous export's watermark")]
    [FlagAlias("all", true)]
    public bool AllFlag { get; set; }
}

/// <summary>
/// <c>training export --clinic &lt;id&gt; --out DIR [--all]</c> writes the clinic's anonymised dataset and appends
/// TrainingDatasetExported; <c>training merge FILES... --out DIR</c> validates other clinics' files (schema, JSON
/// Lines, anonymiser rescan), refuses any file that still holds an identity, and writes the deduplicated union.
/// Exit code 1 when the input is wrong or a file was refused.
/// </summary>
[Description("Export and merge anonymised training datasets (SFT and DPO JSON Lines)", Name = "training")]
public class TrainingCommand : JasperFxAsyncCommand<TrainingInput>
{
    /// <summary>Declares the two usages.</summary>
    public TrainingCommand()
    {
        Usage("Export a clinic's dataset (--clinic, --out, optionally --all)").Arguments(x => x.Action);
        Usage("Merge exported files into one dataset (--out)").Arguments(x => x.Action, x => x.Files);
    }

    /// <inheritdoc />
    public override async Task<bool> Execute(TrainingInput input)
    {
        if (string.IsNullOrWhiteSpace(input.OutFlag))
        {
            Console.Error.WriteLine("Give the output folder: --out DIR");
            return false;
        }
        switch (input.Action.Trim().ToLowerInvariant())
        {
            case "export":
                if (!Guid.TryParse(input.ClinicFlag, out var clinicId))
                {
                    Console.Error.WriteLine($"'{input.ClinicFlag}' is not a clinic id: training export --clinic <uuid> --out DIR [--all]");
                    return false;
                }
                using (var host = input.BuildHost())
                {
                    var store = host.Services.GetRequiredService<IDocumentStore>();
                    await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
                    var time = host.Services.GetRequiredService<TimeProvider>();
                    var m = await TrainingExporter.ExportAsync(store, clinicId, input.OutFlag, input.AllFlag, time);
                    await host.Services.GetRequiredService<RecordAccessLog>().AppendCliAsync(ApiKeys.TenantOf(clinicId),
                        "training export", new AccessedRecords([], [], m.Counts.Values.Sum()), CancellationToken.None);
                    Console.WriteLine($"Export {m.BatchId}: train {m.Counts["train"]}, validation {m.Counts["validation"]}, test {m.Counts["test"]}, " +
                                      $"dpo {m.Counts["dpo"]}; events {m.PreviousWatermark} < sequence ≤ {m.Watermark}; anonymiser {m.AnonymiserVersion}.");
                    Console.WriteLine($"Written to {Path.GetFullPath(input.OutFlag)}. The Training projection is async: " +
                                      "with the API stopped, run 'projections rebuild -p Training' first if examples may be missing.");
                    return true;
                }

            case "merge":
                var files = input.Files.ToList();
                if (files.Count == 0)
                {
                    Console.Error.WriteLine("Give the files to merge: training merge a/train.jsonl b/dpo.jsonl ... --out DIR");
                    return false;
                }
                var result = await TrainingMerger.MergeAsync(files, input.OutFlag, TimeProvider.System);
                foreach (var f in result.Files)
                {
                    Console.WriteLine($"{(f.Accepted ? "accepted" : "REFUSED ")} {f.Path}: {f.SftRows} sft, {f.DpoRows} dpo");
                    foreach (var p in f.Problems) Console.Error.WriteLine("    " + p);
                }
                var c = result.Manifest.Counts;
                Console.WriteLine($"Merged: train {c["train"]}, validation {c["validation"]}, test {c["test"]}, dpo {c["dpo"]}; " +
                                  $"{result.Duplicates} duplicates dropped → {Path.GetFullPath(input.OutFlag)}");
                return result.Files.All(f => f.Accepted);

            default:
                Console.Error.WriteLine("Usage: training export --clinic <id> --out DIR [--all] | training merge FILES... --out DIR");
                return false;
        }
    }
}
