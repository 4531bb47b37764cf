using ChiroClick.Api.Audit;
using JasperFx.CommandLine;

namespace ChiroClick.Api.Tools;

/// <summary>Arguments of <c>export csv</c>.</summary>
public class ExportInput : NetCoreInput
{
    /// <summary>Output format; only csv.</summary>
    [Description("Output format: csv")]
    public string Format { get; set; } = "csv";

    /// <summary>Read model to export.</summary>
    [Description("Read model: pipeline | nps | retention-cohorts | ai-metrics")]
    public string ProjectionFlag { get; set; } = "";

    /// <summary>File to write.</summary>
    [Description("File to write")]
    public string OutFlag { get; set; } = "";

    /// <summary>Only this clinic (default: every clinic).</summary>
    [Description("Only this clinic id (default: all clinics)")]
    public string? ClinicFlag { get; set; }
}

/// <summary><c>export csv --projection pipeline|nps|retention-cohorts|ai-metrics --out FILE [--clinic ID]</c>.</summary>
[Description("Export a read model as CSV for analysts", Name = "export")]
public class ExportCommand : JasperFxAsyncCommand<ExportInput>
{
    /// <inheritdoc />
    public override async Task<bool> Execute(ExportInput input)
    {
        if (!string.Equals(input.Format, "csv", StringComparison.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine($"Unknown format '{input.Format}'; only csv is supported.");
            return false;
        }
        if (string.IsNullOrWhiteSpace(input.ProjectionFlag) || string.IsNullOrWhiteSpace(input.OutFlag))
        {
            Console.Error.WriteLine($"Usage: export csv --projection {string.Join("|", CsvExport.Exporters.Keys)} --out FILE [--clinic ID]");
            return false;
        }
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        try
        {
            var clinics = string.IsNullOrWhiteSpace(input.ClinicFlag) ? Array.Empty<string>() : [input.ClinicFlag.Trim()];
            var rows = await CsvExport.WriteAsync(store, input.ProjectionFlag, clinics, input.OutFlag, host.Services.GetRequiredService<TimeProvider>());
            // Every CLI export is an access: one record for the clinic exported, or "*" for all of them.
            await host.Services.GetRequiredService<RecordAccessLog>().AppendCliAsync(clinics.Length == 1 ? (Guid.TryParse(clinics[0], out var c) ? c.ToString() : clinics[0]) : "*",
                $"export csv --projection {input.ProjectionFlag.Trim().ToLowerInvariant()}", new AccessedRecords([], [], rows), CancellationToken.None);
            Console.WriteLine($"Wrote {rows} rows of {input.ProjectionFlag} to {Path.GetFullPath(input.OutFlag)}");
            return true;
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return false;
        }
    }
}
