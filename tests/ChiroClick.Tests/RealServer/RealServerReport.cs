using ChiroClick.Tests.Infrastructure;

namespace ChiroClick.Tests.RealServer;

/// <summary>
/// Lines for TestResults/real-server.txt (the figures of the real-server layer: requests sent, operations
/// covered), which scripts/test.sh prints after the run, since xunit shows a passing test's output nowhere.
/// </summary>
public static class RealServerReport
{
    private static readonly object Gate = new();

    /// <summary>Appends one line to the report (and creates TestResults/ when needed).</summary>
    public static void Append(string line)
    {
        var dir = Path.Combine(AppFixture.RepositoryRoot(), "TestResults");
        lock (Gate)
        {
            Directory.CreateDirectory(dir);
            File.AppendAllText(Path.Combine(dir, "real-server.txt"), line + Environment.NewLine);
        }
    }
}
