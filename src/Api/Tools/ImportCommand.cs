using ChiroClick.Api.Import;
using JasperFx.CommandLine;

namespace ChiroClick.Api.Tools;

/// <summary>Arguments of the <c>import</c> command.</summary>
public class ImportInput : NetCoreInput
{
    /// <summary>What to import: synthea.</summary>
    [Description("What to import: synthea")]
    public string Source { get; set; } = "";

    /// <summary>The clinic (tenant) to import into.</summary>
    [Description("The clinic id to import into (from 'clinics add')")]
    public string ClinicFlag { get; set; } = "";

    /// <summary>Folder of the export.</summary>
    [Description("Folder of the Synthea CSV export, e.g. ../shared/data/synthea")]
    public string FromFlag { get; set; } = "../shared/data/synthea";

    /// <summary>Only the first N patients (0 = all).</summary>
    [Description("Import only the first N patients (0 = all)")]
    public int LimitFlag { get; set; }
}

/// <summary>
/// <c>import synthea --clinic &lt;id&gt; --from ../shared/data/synthea [--limit N]</c>: see <see cref="SyntheaImport"/>.
/// Safe to run again: nothing already imported is duplicated. Prints progress and a summary.
/// </summary>
[Description("Import history from another system (synthea: patients + encounters as visits, original times kept)", Name = "import")]
public class ImportCommand : JasperFxAsyncCommand<ImportInput>
{
    /// <summary>Declares the usage.</summary>
    public ImportCommand()
    {
        Usage("Import a Synthea CSV export into a clinic").Arguments(x => x.Source);
    }

    /// <inheritdoc />
    public override async Task<bool> Execute(ImportInput input)
    {
        if (!ClinicTool.TryArguments(input.Source, "synthea", "Usage: import synthea --clinic <clinicId> --from ../shared/data/synthea [--limit N]",
                input.ClinicFlag, out var clinicId))
            return false;
        using var host = input.BuildHost();
        var store = await ClinicTool.StoreAsync(host);
        var clock = host.Services.GetRequiredService<TimeProvider>();
        Console.WriteLine($"Importing Synthea export from {Path.GetFullPath(input.FromFlag)} into clinic {clinicId} ...");
        try
        {
            var s = await SyntheaImport.RunAsync(store, clinicId, input.FromFlag, clock, Console.Out, input.LimitFlag > 0 ? input.LimitFlag : null);
            Console.WriteLine();
            Console.WriteLine($"Patients in file:         {s.PatientsInFile}");
            Console.WriteLine($"Patients registered:      {s.PatientsRegistered} (already there: {s.PatientsAlreadyThere})");
            Console.WriteLine($"Visits appended:          {s.VisitsAppended} (already there: {s.VisitsAlreadyThere})");
            Console.WriteLine($"Lifecycle moves:          {s.LifecycleMoves}");
            Console.WriteLine($"Took:                     {s.Elapsed.TotalSeconds:F1} s");
            return true;
        }
        catch (InvalidOperationException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return false;
        }
    }
}
