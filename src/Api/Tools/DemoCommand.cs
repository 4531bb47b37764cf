using JasperFx.CommandLine;

namespace ChiroClick.Api.Tools;

/// <summary>Arguments of the <c>demo</c> command.</summary>
public class DemoInput : NetCoreInput
{
    /// <summary>Folder of the shared real data.</summary>
    [Description("Folder of the shared real data (default ../shared/data, relative to the repository root)")]
    public string DataFlag { get; set; } = "";

    /// <summary>How many MTS-Dialog dialogues to replay as AI suggestions.</summary>
    [Description("MTS-Dialog dialogues to replay as AI suggestions (default 80)")]
    public int DialoguesFlag { get; set; } = 80;

    /// <summary>Where the training export goes.</summary>
    [Description("Folder for the training export (default out/demo-training)")]
    public string OutFlag { get; set; } = "out/demo-training";
}

/// <summary>
/// <c>demo</c>: creates a demo clinic and runs the whole system on real public data (see
/// <see cref="DemoRunner"/>), then prints the pipeline, NPS, retention cohorts and the training export.
/// </summary>
[Description("Run the whole system on real data in a new demo clinic and print its figures", Name = "demo")]
public class DemoCommand : JasperFxAsyncCommand<DemoInput>
{
    /// <inheritdoc />
    public override async Task<bool> Execute(DemoInput input)
    {
        using var host = input.BuildHost();
        var root = DemoRunner.RepositoryRoot();
        var data = string.IsNullOrWhiteSpace(input.DataFlag) ? Path.Combine(root, "..", "shared", "data") : Path.GetFullPath(input.DataFlag);
        if (!Directory.Exists(Path.Combine(data, "synthea")) || !Directory.Exists(Path.Combine(data, "mts-dialog")))
        {
            Console.Error.WriteLine($"The shared data folder was not found at {data} (needs synthea/ and mts-dialog/). Pass --data <folder>.");
            return false;
        }
        var outDir = Path.IsPathRooted(input.OutFlag) ? input.OutFlag : Path.Combine(root, input.OutFlag);
        await new DemoRunner(host.Services, Console.Out).RunAsync(data, input.DialoguesFlag, outDir);
        return true;
    }
}
