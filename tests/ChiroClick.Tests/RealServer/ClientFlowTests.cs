using System.Diagnostics;
using ChiroClick.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ChiroClick.Tests.RealServer;

/// <summary>
/// A consumer's first hour, proven: generates a C# client with Microsoft Kiota (the dotnet tool pinned in
/// dotnet-tools.json) from the OpenAPI document the real process serves, compiles tests/ClientFlow with it, and runs
/// that program against the process: capture a lead, move it, convert it, record a visit, read the pipeline.
/// </summary>
[Collection(RealServerCollection.Name)]
public sealed class ClientFlowTests(RealServerFixture server, ITestOutputHelper output)
{
    [Fact]
    public async Task A_Kiota_client_generated_from_the_served_document_runs_the_first_hour_flow()
    {
        var root = AppFixture.RepositoryRoot();
        var project = Path.Combine(root, "tests", "ClientFlow");
        var document = Path.Combine(Path.GetTempPath(), $"chiroclick-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(document, await server.Anonymous.GetStringAsync("/openapi/v1.json"));
        try
        {
            await RunAsync(root, "dotnet", "tool", "restore");
            await RunAsync(root, "dotnet", "kiota", "generate", "-l", "CSharp", "-d", document, "-o", Path.Combine(project, "Generated"),
                "-c", "ChiroClickClient", "-n", "ChiroClick.Client", "--exclude-backward-compatible", "--clean-output", "--log-level", "Error");
            await RunAsync(root, "dotnet", "build", project, "-nologo", "-v", "q");
            var flow = await RunAsync(root, "dotnet", "run", "--no-build", "--project", project, "--", server.BaseUrl, server.ApiKey);
            flow.ShouldContain("convertLead: patient");
            flow.ShouldContain("getLeadPipeline:");
            RealServerReport.Append("Kiota client generated from the served document: capture → move → convert → visit → pipeline passed.");
        }
        finally
        {
            File.Delete(document);
        }
    }

    private async Task<string> RunAsync(string workingDirectory, string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file, args) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["KIOTA_TUTORIAL_ENABLED"] = "false";
        psi.Environment["KIOTA_OFFLINE_ENABLED"] = "true";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        var text = await stdout + await stderr;
        output.WriteLine($"$ {file} {string.Join(' ', args)}\n{text}");
        process.ExitCode.ShouldBe(0, $"{file} {string.Join(' ', args)} failed:\n{text}");
        return text;
    }
}
