using System.Collections.Concurrent;
using Alba;
using ChiroClick.Api.Access;
using ChiroClick.Api.Patients;
using ChiroClick.Tests.Access;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wolverine;

namespace ChiroClick.Tests.Infrastructure;

/// <summary>Every log line of a host: category, level, formatted message and exception text.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Text)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Lines);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            lines.Enqueue((category, LogLevel.Trace, "scope: " + state));
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue((category, logLevel, formatter(state, exception) + (exception is null ? "" : "\n" + exception)));
    }
}

/// <summary>
/// A host on its own database whose configuration turns every framework category up to Trace, as an operator hunting a
/// problem might, with a provider capturing every line; only the categories pinned in code stay down.
/// </summary>
public sealed class TraceLoggingHost : IAsyncLifetime
{
    public CapturingLoggerProvider Capture { get; } = new();
    public IAlbaHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await LowLimitsHost.FreshDatabase("_logs");
        Host = await AlbaHost.For<Program>(x =>
        {
            x.UseSetting("ConnectionStrings:Marten", connectionString);
            foreach (var category in new[] { "Default", "Microsoft", "Microsoft.AspNetCore", "Microsoft.AspNetCore.Hosting.Diagnostics", "System",
                         "System.Net.Http.HttpClient", "Wolverine", "JasperFx", "Marten", "Npgsql", "ChiroClick" })
                x.UseSetting($"Logging:LogLevel:{category}", "Trace");
            x.ConfigureServices(services =>
            {
                services.AddSingleton<ILoggerProvider>(Capture);
                services.RunWolverineInSoloMode();
                services.DisableAllExternalWolverineTransports();
            });
        });
    }

    public async Task DisposeAsync()
    {
        await Host.StopAsync();
        await Host.DisposeAsync();
    }
}

/// <summary>A scripted session with personal data; none of it may appear in any log line.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class PrivateLogsTests(AppFixture fixture, TraceLoggingHost logs) : IClassFixture<TraceLoggingHost>
{
    [Fact]
    public async Task no_name_phone_email_or_identity_number_reaches_the_log_even_at_trace()
    {
        fixture.ResetOllama();
        var (clinicId, key) = await ApiKeys.RegisterClinicAsync(logs.Host.Services.GetRequiredService<IDocumentStore>(), "Logs", "tester");
        var tag = Guid.NewGuid().ToString("N")[..6];
        string[] secrets =
        [
            "Torbjørn", "Kvalsund", "Torbj\\u00F8rn", "92345678", "92 34 56 78", $"torbjorn.{tag}@example.no",
            "Solveig", "Brattlikollen", "41234567", "41 23 45 67", $"solveig.{tag}@example.no", "13097248022", "130972",
            "nakkesleng etter fall",
        ];
        Task<IScenarioResult> As(Action<Scenario> configure) => logs.Host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", key);
            configure(s);
        });

        await As(s =>
        {
            s.Post.Json(new { fullName = "Torbjørn Kvalsund", phone = "+47 92 34 56 78", email = $"torbjorn.{tag}@example.no", source = "website",
                complaint = "Vondt i ryggen" }).ToUrl("/api/v1/crm/leads");
            s.StatusCodeShouldBe(201);
        });
        var created = await As(s =>
        {
            s.Post.Json(new { fullName = "Solveig Brattlikollen", phone = "+47 41 23 45 67", email = $"solveig.{tag}@example.no",
                nationalIdentityNumber = "13097248022", consents = new[] { new { channel = "email", purpose = "marketing" } } })
                .ToUrl("/api/v1/patients");
            s.StatusCodeShouldBe(201);
        });
        var patientId = (await created.ReadAsJsonAsync<PatientCreated>())!.Id;
        // A wrong identity number and a malformed body: error paths log too.
        await As(s => { s.Post.Json(new { fullName = "Solveig Brattlikollen", nationalIdentityNumber = "13097248023" }).ToUrl("/api/v1/patients"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Text("{\"fullName\":\"Solveig Brattlikollen\",\"phone\":41234567").ToUrl("/api/v1/patients"); s.IgnoreStatusCode(); });

        await As(s => { s.Get.Url("/api/v1/patients?phone=%2B4741234567"); s.StatusCodeShouldBe(200); });
        await As(s => { s.Get.Url("/api/v1/patients?phone=41%2023%2045%2067&q=Brattlikollen"); s.StatusCodeShouldBe(200); });
        await As(s =>
        {
            s.Post.Json(new { task = "general", patientId, input = "Solveig Brattlikollen (tlf 41234567) har nakkesleng etter fall." })
                .ToUrl("/api/v1/ai/suggestions");
            s.StatusCodeShouldBe(201);
        });

        var campaign = await As(s =>
        {
            s.Post.Json(new { name = "Vår", channel = "email", subject = "Tid for kontroll", template = "Hei {firstName}!" }).ToUrl("/api/v1/crm/campaigns");
            s.StatusCodeShouldBe(201);
        });
        var campaignId = (await campaign.ReadAsJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        await As(s => { s.Post.Url($"/api/v1/crm/campaigns/{campaignId}/launch"); s.StatusCodeShouldBe(200); });
        for (var i = 0; i < 150 && !fixture.Smtp.Received.Any(m => m.To.ToString() == $"solveig.{tag}@example.no"); i++) await Task.Delay(200);
        fixture.Smtp.Received.ShouldContain(m => m.To.ToString() == $"solveig.{tag}@example.no");
        await Task.Delay(500); // the send's own commit and its log lines

        var lines = logs.Capture.Lines.ToList();
        // The capture works and the levels really are verbose: otherwise this test could not fail.
        lines.ShouldContain(l => l.Category == "ChiroClick.Requests" && l.Text.StartsWith("HTTP GET /api/v1/patients 200"));
        lines.Count(l => l.Level <= LogLevel.Debug).ShouldBeGreaterThan(50);
        lines.ShouldContain(l => l.Category.StartsWith("Wolverine") && l.Level <= LogLevel.Debug);
        var leaks = lines.SelectMany(l => secrets.Where(v => l.Text.Contains(v, StringComparison.OrdinalIgnoreCase))
                .Select(v => $"{l.Category} [{l.Level}] contains '{v}': {Shorten(l.Text)}"))
            .Distinct().ToList();
        leaks.ShouldBeEmpty();
        lines.ShouldNotContain(l => l.Text.Contains("?phone="));
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
