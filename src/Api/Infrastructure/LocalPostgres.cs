using System.Diagnostics;

namespace ChiroClick.Api.Infrastructure;

/// <summary>
/// When no connection string is configured and the API runs from a checkout, starts (idempotently) the
/// project-local PostgreSQL cluster with <c>scripts/postgres.sh</c> and uses it, so that
/// <c>dotnet run --project src/Api -- clinics add "…"</c> works on a fresh clone.
/// </summary>
public static class LocalPostgres
{
    /// <summary>The connection string printed by scripts/postgres.sh, or null when there is no checkout or it fails.</summary>
    public static string? TryStart()
    {
        var script = FindScript();
        if (script is null) return null;
        var psi = new ProcessStartInfo("bash", [script, "start"]) { RedirectStandardOutput = true, RedirectStandardError = false };
        using var process = Process.Start(psi);
        if (process is null) return null;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output.Trim().Split('\n').LastOrDefault() : null;
    }

    private static string? FindScript()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var script = Path.Combine(dir.FullName, "scripts", "postgres.sh");
                if (File.Exists(Path.Combine(dir.FullName, "ChiroClick.sln")) && File.Exists(script)) return script;
            }
        }
        return null;
    }
}
