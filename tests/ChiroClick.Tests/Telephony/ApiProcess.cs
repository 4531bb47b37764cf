using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using ChiroClick.Tests.Infrastructure;

namespace ChiroClick.Tests.Telephony;

/// <summary>
/// The built API as a real process (like <see cref="RealServer.RealServerFixture"/>, which owns one of its own), started with a given
/// connection string and development key, so a test can run several processes on one database.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif
    private readonly StringBuilder _output = new();
    private readonly Process _process;

    private ApiProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        Client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Base URL (no trailing slash).</summary>
    public string BaseUrl { get; }
    /// <summary>A client on <see cref="BaseUrl"/> without a key and without a timeout (streams).</summary>
    public HttpClient Client { get; }
    /// <summary>The development clinic's id, as printed at start-up (empty for a process started without a development key).</summary>
    public Guid ClinicId { get; private set; }
    /// <summary>Standard output and error so far.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    private static string ApiDll => Path.Combine(AppFixture.RepositoryRoot(), "src", "Api", "bin", Configuration, "net10.0", "ChiroClick.Api.dll");

    /// <summary>
    /// Starts the API on a free loopback port and waits until it is healthy and, with <paramref name="developmentKey"/>, has announced its
    /// development clinic (only one process per database should register it: start the others without a key).
    /// </summary>
    public static async Task<ApiProcess> StartAsync(string connectionString, string? developmentKey, IDictionary<string, string>? settings = null)
    {
        var baseUrl = $"http://127.0.0.1:{FreePort()}";
        var psi = Start([ApiDll, "--urls", baseUrl], connectionString, settings);
        if (developmentKey is not null) psi.Environment["Auth__DevelopmentApiKey"] = developmentKey;
        var api = new ApiProcess(new Process { StartInfo = psi, EnableRaisingEvents = true }, baseUrl);
        api._process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (api._output) api._output.AppendLine(e.Data); };
        api._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (api._output) api._output.AppendLine(e.Data); };
        api._process.Start();
        api._process.BeginOutputReadLine();
        api._process.BeginErrorReadLine();
        try
        {
            return await api.WaitUntilStartedAsync(developmentKey is not null);
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    private async Task<ApiProcess> WaitUntilStartedAsync(bool announces)
    {
        var api = this;
        var started = Stopwatch.StartNew();
        while (true)
        {
            if (api._process.HasExited) throw new InvalidOperationException($"The API process exited with {api._process.ExitCode}:\n{api.Output}");
            var match = Regex.Match(api.Output, @"Clinic id:\s+([0-9a-f-]{36})");
            if (match.Success || !announces)
            {
                try
                {
                    using var health = await api.Client.GetAsync("/health");
                    if (health.IsSuccessStatusCode)
                    {
                        if (match.Success) api.ClinicId = Guid.Parse(match.Groups[1].Value);
                        return api;
                    }
                }
                catch (HttpRequestException) { }
            }
            if (started.Elapsed > TimeSpan.FromSeconds(300)) throw new TimeoutException($"The API process did not start within 300 s:\n{api.Output}");
            await Task.Delay(200);
        }
    }

    /// <summary>Runs a CLI command of the API (<c>clinics webhook-secret …</c>) and returns its standard output.</summary>
    public static async Task<string> CliAsync(string connectionString, params string[] args)
    {
        using var process = Process.Start(Start([ApiDll, .. args], connectionString, null))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}");
        return await stdout;
    }

    /// <summary>A fresh database next to the one of <paramref name="connectionString"/>, for processes that must not share the test host's daemon.</summary>
    public static async Task<string> FreshDatabaseAsync(string connectionString, string suffix)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var name = $"{builder.Database ?? "chiroclick"}_{suffix}";
        await using (var conn = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString))
        {
            await conn.OpenAsync();
            await using (var drop = new Npgsql.NpgsqlCommand($"drop database if exists {name} with (force)", conn)) await drop.ExecuteNonQueryAsync();
            await using (var create = new Npgsql.NpgsqlCommand($"create database {name}", conn)) await create.ExecuteNonQueryAsync();
        }
        builder.Database = name;
        return builder.ConnectionString;
    }

    private static ProcessStartInfo Start(string[] args, string connectionString, IDictionary<string, string>? settings)
    {
        var psi = new ProcessStartInfo("dotnet", args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(ApiDll)!,
        };
        foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_", StringComparison.Ordinal)).ToList())
            if (name is not ("DOTNET_ROOT" or "DOTNET_CLI_HOME")) psi.Environment.Remove(name);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["ConnectionStrings__Marten"] = connectionString;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) psi.Environment[key] = value;
        return psi;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Client.Dispose();
    }
}
