using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using ChiroClick.Tests.Infrastructure;
using Npgsql;

namespace ChiroClick.Tests.RealServer;

/// <summary>
/// The built API as a real process on Kestrel, started the way <c>scripts/run.sh</c> starts it (a development key
/// that registers a "Development clinic", <c>--urls</c> on loopback), on its own database
/// (<c>chiroclick_realserver</c>, recreated per run, so its async daemon never competes with the in-process test
/// host's), talking to a fake Ollama and a real SMTP server. What the in-memory test host forgives (synchronous
/// response writes, connection-level limits) shows here. Standard output and error are captured in
/// <see cref="Output"/>.
/// </summary>
public sealed class RealServerFixture : IAsyncLifetime
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif
    private readonly StringBuilder _output = new();
    private Process? _process;

    /// <summary>Base URL, e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";
    /// <summary>The development key (admin of the development clinic).</summary>
    public string ApiKey { get; } = "cc_dev_realserver_" + Guid.NewGuid().ToString("N");
    /// <summary>The development clinic's id, as printed by the API at start-up.</summary>
    public Guid ClinicId { get; private set; }
    /// <summary>Connection string of the process's own database.</summary>
    public string ConnectionString { get; private set; } = "";
    /// <summary>The fake Ollama the process talks to.</summary>
    public FakeOllama Ollama { get; private set; } = null!;
    /// <summary>The SMTP server the process sends e-mail to.</summary>
    public TestSmtp Smtp { get; } = new();
    /// <summary>A client on <see cref="BaseUrl"/> without a key.</summary>
    public HttpClient Anonymous { get; private set; } = null!;
    /// <summary>A client on <see cref="BaseUrl"/> with <see cref="ApiKey"/>.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>Everything the process wrote to standard output and error so far.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    public async Task InitializeAsync()
    {
        var baseConnection = Environment.GetEnvironmentVariable("ConnectionStrings__Marten");
        if (string.IsNullOrWhiteSpace(baseConnection))
        {
            // Same cluster the in-process fixture starts (scripts/postgres.sh is idempotent).
            baseConnection = AppFixture.StartLocalPostgres();
            Environment.SetEnvironmentVariable("ConnectionStrings__Marten", baseConnection);
        }
        // Runs of several checkouts on one cluster (each with its own test database) must not recreate each other's database.
        var baseDb = new Npgsql.NpgsqlConnectionStringBuilder(baseConnection).Database;
        var database = baseDb is null or "chiroclick_tests" ? "chiroclick_realserver" : $"{baseDb}_realserver";
        ConnectionString = await FreshDatabaseAsync(baseConnection, database);
        Ollama = await FakeOllama.StartAsync();
        Smtp.Start();

        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        // The API project's own build output (same configuration as this test assembly), as `dotnet run` would use.
        var apiDir = Path.Combine(AppFixture.RepositoryRoot(), "src", "Api", "bin", Configuration, "net10.0");
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(apiDir, "ChiroClick.Api.dll"), "--urls", BaseUrl])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = apiDir,
        };
        var env = psi.Environment;
        foreach (var name in env.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_", StringComparison.Ordinal)).ToList())
            if (name is not ("DOTNET_ROOT" or "DOTNET_CLI_HOME")) env.Remove(name);
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["ConnectionStrings__Marten"] = ConnectionString;
        env["Auth__DevelopmentApiKey"] = ApiKey;
        env["Ai__Ollama__BaseUrl"] = Ollama.BaseUrl;
        env["Smtp__Host"] = "127.0.0.1";
        env["Smtp__Port"] = Smtp.Port.ToString();
        env["Smtp__From"] = "klinikk@chiroclick.test";
        env["Smtp__AllowPlaintext"] = "true";
        env["Campaigns__PublicBaseUrl"] = "https://klinikk.example.no";
        // The hostile walk sends thousands of requests with one key; the limits themselves are tested elsewhere.
        env["RateLimiting__PermitsPerMinute"] = "1000000";
        env["RateLimiting__FailedKeyAttemptsPerMinute"] = "1000000";

        _process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        Anonymous = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        Client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);

        var started = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The API process exited with {_process.ExitCode}:\n{Output}");
            var match = Regex.Match(Output, @"Clinic id:\s+([0-9a-f-]{36})");
            if (match.Success)
            {
                try
                {
                    using var health = await Anonymous.GetAsync("/health");
                    if (health.IsSuccessStatusCode)
                    {
                        ClinicId = Guid.Parse(match.Groups[1].Value);
                        // The document this process serves, for scripts/lint-openapi.sh (run by scripts/test.sh).
                        var served = await Anonymous.GetStringAsync("/openapi/v1.json");
                        var results = Path.Combine(AppFixture.RepositoryRoot(), "TestResults");
                        Directory.CreateDirectory(results);
                        await File.WriteAllTextAsync(Path.Combine(results, "openapi-served.json"), served);
                        return;
                    }
                }
                catch (HttpRequestException) { }
            }
            if (started.Elapsed > TimeSpan.FromSeconds(300))
                throw new TimeoutException($"The API process did not become healthy within 300 s:\n{Output}");
            await Task.Delay(200);
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        Anonymous?.Dispose();
        Client?.Dispose();
        if (Ollama is not null) await Ollama.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    /// <summary>Number of events in the process's event store (all clinics), or those with one correlation id.</summary>
    public async Task<long> EventCountAsync(string? correlationId = null)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = correlationId is null
            ? new NpgsqlCommand("select count(*) from chiroclick.mt_events", conn)
            : new NpgsqlCommand("select count(*) from chiroclick.mt_events where correlation_id = $1", conn) { Parameters = { new() { Value = correlationId } } };
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<string> FreshDatabaseAsync(string connectionString, string name)
    {
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" };
        await using (var conn = new NpgsqlConnection(admin.ConnectionString))
        {
            await conn.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists {name} with (force)", conn);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"create database {name}", conn);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(connectionString) { Database = name }.ConnectionString;
    }
}

[CollectionDefinition(Name)]
public sealed class RealServerCollection : ICollectionFixture<RealServerFixture>
{
    public const string Name = "real-server";
}
