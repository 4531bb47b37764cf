using System.Diagnostics;
using Alba;
using ChiroClick.AiGateway.Ollama;
using ChiroClick.Api.Access;
using JasperFx.CommandLine;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace ChiroClick.Tests.Infrastructure;

/// <summary>
/// One API host per test run, on a real PostgreSQL: ConnectionStrings__Marten when set, otherwise the
/// project-local cluster (scripts/postgres.sh) with its own database "chiroclick_tests". Tests isolate
/// themselves by registering a fresh clinic (tenant) each, so no data is wiped between them.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    public IAlbaHost Host { get; private set; } = null!;
    /// <summary>The host's clock: real time plus an offset tests may set (reset by every IntegrationContext).</summary>
    public ShiftableClock Clock { get; } = new();
    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    /// <summary>The fake Ollama the API talks to; reset before every test (all models, no delay, up).</summary>
    public FakeOllama Ollama { get; private set; } = null!;
    /// <summary>Real SMTP server the API sends campaign e-mail to (Smtp:Host/Port point at it).</summary>
    public TestSmtp Smtp { get; } = new();

    public async Task InitializeAsync()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("ConnectionStrings__Marten")))
            Environment.SetEnvironmentVariable("ConnectionStrings__Marten", StartLocalPostgres());
        Ollama = await FakeOllama.StartAsync();
        Environment.SetEnvironmentVariable("Ai__Ollama__BaseUrl", Ollama.BaseUrl);
        Smtp.Start();
        Environment.SetEnvironmentVariable("Smtp__Host", "127.0.0.1");
        Environment.SetEnvironmentVariable("Smtp__Port", Smtp.Port.ToString());
        Environment.SetEnvironmentVariable("Smtp__From", "klinikk@chiroclick.test");
        // The in-process SMTP server offers no STARTTLS.
        Environment.SetEnvironmentVariable("Smtp__AllowPlaintext", "true");
        Environment.SetEnvironmentVariable("Campaigns__PublicBaseUrl", "https://klinikk.example.no");
        // The suite sends thousands of requests with one key within a minute: limits far above it here; LimitsTests
        // start their own host with low ones.
        Environment.SetEnvironmentVariable("RateLimiting__PermitsPerMinute", "1000000");
        Environment.SetEnvironmentVariable("RateLimiting__FailedKeyAttemptsPerMinute", "1000000");
        Environment.SetEnvironmentVariable("RateLimiting__AiConcurrencyPerClinic", "100");
        // Screen-pop heartbeats every second instead of 15, so a test sees one quickly.
        Environment.SetEnvironmentVariable("Telephony__ScreenPopHeartbeatSeconds", "1");

        JasperFxEnvironment.AutoStartHost = true;
        Host = await AlbaHost.For<Program>(x => x.ConfigureServices(services =>
        {
            services.RunWolverineInSoloMode();
            services.DisableAllExternalWolverineTransports();
            services.AddSingleton<TimeProvider>(Clock);
            // A message that fails on demand, to fill Wolverine's dead-letter storage (Admin/DeadLetterTests).
            services.ConfigureWolverine(opts => opts.Discovery.IncludeType(typeof(Admin.DeadLetterProbeHandler)));
        }));
    }

    public async Task DisposeAsync()
    {
        await Host.StopAsync();
        await Host.DisposeAsync();
        await Ollama.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    /// <summary>Puts the fake Ollama back to its defaults and forgets the gateway's cached model list.</summary>
    public void ResetOllama()
    {
        Ollama.Reset();
        Host.Services.GetRequiredService<ModelCatalog>().Invalidate();
    }

    /// <summary>Registers a new clinic and returns it with an API key of user "tester".</summary>
    public async Task<TestClinic> NewClinicAsync(string name = "Test clinic", string user = "tester")
    {
        var (id, key) = await ApiKeys.RegisterClinicAsync(Store, name, user);
        return new TestClinic(id, key, user);
    }

    /// <summary>Starts (idempotently) the checkout's PostgreSQL with scripts/postgres.sh and returns its connection string.</summary>
    internal static string StartLocalPostgres()
    {
        var root = RepositoryRoot();
        var psi = new ProcessStartInfo("bash", [Path.Combine(root, "scripts", "postgres.sh"), "start"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["CHIROCLICK_PG_DB"] = "chiroclick_tests";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"scripts/postgres.sh failed ({process.ExitCode}): {stderr}");
        return stdout.Trim().Split('\n').Last();
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ChiroClick.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ChiroClick.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A clinic registered for one test, with its key.</summary>
public sealed record TestClinic(Guid Id, string Key, string User);

[CollectionDefinition(Name)]
public sealed class IntegrationCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "integration";
}

/// <summary>Base for integration tests: a host and a fresh clinic per test.</summary>
[Collection(IntegrationCollection.Name)]
public abstract class IntegrationContext(AppFixture fixture) : IAsyncLifetime
{
    protected AppFixture Fixture { get; } = fixture;
    protected IAlbaHost Host => Fixture.Host;
    protected IDocumentStore Store => Fixture.Store;
    protected TestClinic Clinic { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Fixture.ResetOllama();
        Fixture.Clock.Reset();
        Clinic = await Fixture.NewClinicAsync();
    }

    protected FakeOllama Ollama => Fixture.Ollama;

    public virtual Task DisposeAsync()
    {
        Fixture.Clock.Reset();
        return Task.CompletedTask;
    }

    /// <summary>Runs a scenario as the test's clinic.</summary>
    protected Task<IScenarioResult> As(Action<Scenario> configure, TestClinic? clinic = null) =>
        Host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", (clinic ?? Clinic).Key);
            configure(s);
        });

    /// <summary>Waits until the async daemon has caught up with every event.</summary>
    protected Task WaitForProjections() => Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
}

/// <summary>
/// A controllable clock for the host: the system clock shifted by <see cref="Offset"/>. Timers run on real
/// time (so background schedulers behave), "now" is what tests set.
/// </summary>
public sealed class ShiftableClock : TimeProvider
{
    public TimeSpan Offset { get; set; }
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
    public void SetUtcNow(DateTimeOffset now) => Offset = now - System.GetUtcNow();
    public void Advance(TimeSpan by) => Offset += by;
    public void Reset() => Offset = TimeSpan.Zero;
}
