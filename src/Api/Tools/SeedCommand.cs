using ChiroClick.Api.Seeding;
using JasperFx.CommandLine;

namespace ChiroClick.Api.Tools;

/// <summary>Arguments of the <c>seed</c> command.</summary>
public class SeedInput : NetCoreInput
{
    /// <summary>What to seed: synthetic.</summary>
    [Description("What to seed: synthetic")]
    public string Kind { get; set; } = "";

    /// <summary>The clinic (tenant) to append to.</summary>
    [Description("The clinic id to append to (from 'clinics add')")]
    public string ClinicFlag { get; set; } = "";

    /// <summary>Patients to register.</summary>
    [Description("Patients to register")]
    public int PatientsFlag { get; set; } = 1_000;

    /// <summary>Average visits per patient.</summary>
    [Description("Average visits per patient")]
    public int VisitsPerPatientFlag { get; set; } = 10;

    /// <summary>NPS survey answers.</summary>
    [Description("NPS survey answers")]
    public int SurveyResponsesFlag { get; set; } = 500;

    /// <summary>Years of history ending now.</summary>
    [Description("Years of history ending now (1..20)")]
    public int YearsFlag { get; set; } = 3;

    /// <summary>Random seed.</summary>
    [Description("Random seed")]
    public int SeedFlag { get; set; } = 20261202;
}

/// <summary>
/// <c>seed synthetic --clinic &lt;id&gt; --patients N --visits-per-patient M --survey-responses K [--years Y] [--seed S]</c>:
/// appends a synthetic history (see <see cref="SyntheticHistory"/>) and prints the bulk append rate in events/s.
/// </summary>
[Description("Append a synthetic clinic history (patients, visits with ICPC-2 codes, lifecycle moves, NPS answers, leads)", Name = "seed")]
public class SeedCommand : JasperFxAsyncCommand<SeedInput>
{
    /// <summary>Declares the usage.</summary>
    public SeedCommand()
    {
        Usage("Append a synthetic history to a clinic").Arguments(x => x.Kind);
    }

    /// <inheritdoc />
    public override async Task<bool> Execute(SeedInput input)
    {
        if (!ClinicTool.TryArguments(input.Kind, "synthetic",
                "Usage: seed synthetic --clinic <clinicId> --patients N --visits-per-patient M --survey-responses K [--years Y]", input.ClinicFlag, out var clinicId))
            return false;
        using var host = input.BuildHost();
        var store = await ClinicTool.StoreAsync(host);
        try
        {
            var s = await SyntheticHistory.AppendAsync(store, clinicId,
                new SyntheticHistoryOptions(input.PatientsFlag, input.VisitsPerPatientFlag, input.SurveyResponsesFlag, input.YearsFlag, input.SeedFlag),
                host.Services.GetRequiredService<TimeProvider>(), Console.Out);
            Console.WriteLine($"Events: {s.Events:N0} · patients {s.Patients:N0} · visits {s.Visits:N0} · lifecycle moves {s.LifecycleMoves:N0} · " +
                              $"survey responses {s.SurveyResponses:N0} · leads {s.Leads:N0}");
            Console.WriteLine($"Append: {s.AppendTime.TotalSeconds:F1} s = {s.EventsPerSecond:N0} events/s, inline read models included " +
                              $"(of it COPY {s.CopyTime.TotalSeconds:F1} s, inline read models {s.InlineTime.TotalSeconds:F1} s)");
            Console.WriteLine("Async projections (analytics, pipeline) catch up when the API (daemon) runs, or: projections rebuild");
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentOutOfRangeException)
        {
            Console.Error.WriteLine(ex.Message);
            return false;
        }
    }
}
