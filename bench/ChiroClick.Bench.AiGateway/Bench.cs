using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using ChiroClick.AiGateway;
using ChiroClick.AiGateway.Routing;
using ChiroClick.Domain.Ai;
using ChiroClick.Tests.Infrastructure;
using OllamaSharp;
using OllamaSharp.Models;
using OllamaSharp.Models.Chat;

namespace ChiroClick.Bench.AiGateway;

/// <summary>
/// Gateway overhead = API round trip for POST /api/v1/ai/suggestions (task general: routing, cached
/// model list, OllamaSharp call, event append in PostgreSQL, JSON, auth, Kestrel) minus a direct
/// OllamaSharp chat call with the same request to the same fake Ollama. Both over loopback HTTP,
/// sequential, after a warm-up. Usage: ChiroClick.Bench &lt;path to ChiroClick.Api.dll&gt; [calls=1000] [warmup=100].
/// Needs ConnectionStrings__Marten.
/// </summary>
public static class Bench
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length < 1 || !File.Exists(args[0]))
        {
            Console.Error.WriteLine("Usage: ChiroClick.Bench <path to ChiroClick.Api.dll> [calls=1000] [warmup=100]");
            return 2;
        }
        var calls = args.Length > 1 ? int.Parse(args[1]) : 1000;
        var warmup = args.Length > 2 ? int.Parse(args[2]) : 100;

        await using var fake = await FakeOllama.StartAsync();
        fake.Reply = _ => "Pasienten bør følges opp om to uker.";
        var port = FreePort();
        var apiUrl = $"http://127.0.0.1:{port}";
        var key = "cc_bench_" + Guid.NewGuid().ToString("N");
        var psi = new ProcessStartInfo("dotnet", [Path.GetFullPath(args[0]), "--urls", apiUrl])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(args[0]))!,
        };
        psi.Environment["Ai__Ollama__BaseUrl"] = fake.BaseUrl;
        psi.Environment["Auth__DevelopmentApiKey"] = key;
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        using var api = Process.Start(psi)!;
        api.OutputDataReceived += (_, _) => { };
        api.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("[api] " + e.Data); };
        api.BeginOutputReadLine();
        api.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(apiUrl) };
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
            await WaitUntilUp(http, api);

            using var direct = new OllamaApiClient(new HttpClient { BaseAddress = new Uri(fake.BaseUrl), Timeout = Timeout.InfiniteTimeSpan });
            var settings = TaskProfiles.Resolve(AiTask.General, new AiOptions());
            const string input = "Skriv en kort oppfølgingsplan for korsryggsmerter.";
            ChatRequest Direct() => new()
            {
                Model = "chiro-no",
                Messages = [new Message(ChatRole.System, settings.SystemPrompt), new Message(ChatRole.User, input)],
                Stream = true,
                KeepAlive = settings.KeepAlive,
                Options = new RequestOptions { Temperature = settings.Temperature, NumPredict = settings.NumPredict, NumCtx = settings.NumCtx },
            };
            async Task DirectCall()
            {
                await foreach (var _ in direct.ChatAsync(Direct())) { }
            }
            async Task ApiCall()
            {
                using var response = await http.PostAsJsonAsync("/api/v1/ai/suggestions", new { task = "general", input });
                if (response.StatusCode != HttpStatusCode.Created)
                    throw new InvalidOperationException($"API answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                await response.Content.ReadAsByteArrayAsync();
            }

            // Baselines that explain the overhead: the HTTP + auth path without a model call or a
            // database write (GET /api/v1/ai/models, cached model list), and an event append without
            // a model call (POST /api/v1/crm/leads).
            async Task ModelsCall()
            {
                using var response = await http.GetAsync("/api/v1/ai/models");
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
            }
            async Task LeadCall()
            {
                using var response = await http.PostAsJsonAsync("/api/v1/crm/leads",
                    new { fullName = "Bench Mark", phone = "+47 99 88 77 66", source = "website" });
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
            }

            for (var i = 0; i < warmup; i++)
            {
                await DirectCall();
                await ApiCall();
                await ModelsCall();
                await LeadCall();
            }
            var directMs = await Measure(calls, DirectCall);
            var apiMs = await Measure(calls, ApiCall);
            var modelsMs = await Measure(calls, ModelsCall);
            var leadMs = await Measure(calls, LeadCall);

            double P(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
            Console.WriteLine($"# AI gateway overhead ({calls} calls each, {warmup} warm-up, sequential, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
            Console.WriteLine();
            Console.WriteLine("| measurement | p50 ms | p99 ms | mean ms |");
            Console.WriteLine("|---|---|---|---|");
            Console.WriteLine($"| direct OllamaSharp call to the fake Ollama | {P(directMs, 0.5):0.000} | {P(directMs, 0.99):0.000} | {directMs.Average():0.000} |");
            Console.WriteLine($"| API round trip POST /api/v1/ai/suggestions | {P(apiMs, 0.5):0.000} | {P(apiMs, 0.99):0.000} | {apiMs.Average():0.000} |");
            Console.WriteLine($"| baseline: GET /api/v1/ai/models (HTTP + auth, no model call, no write) | {P(modelsMs, 0.5):0.000} | {P(modelsMs, 0.99):0.000} | {modelsMs.Average():0.000} |");
            Console.WriteLine($"| baseline: POST /api/v1/crm/leads (HTTP + auth + event append, no model call) | {P(leadMs, 0.5):0.000} | {P(leadMs, 0.99):0.000} | {leadMs.Average():0.000} |");
            Console.WriteLine($"| **gateway overhead** (API − direct) | **{P(apiMs, 0.5) - P(directMs, 0.5):0.000}** | **{P(apiMs, 0.99) - P(directMs, 0.99):0.000}** | {apiMs.Average() - directMs.Average():0.000} |");
            return 0;
        }
        finally
        {
            if (!api.HasExited) api.Kill(entireProcessTree: true);
            await api.WaitForExitAsync();
        }
    }

    private static async Task<double[]> Measure(int calls, Func<Task> call)
    {
        var ms = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call();
            ms[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(ms);
        return ms;
    }

    private static async Task WaitUntilUp(HttpClient http, Process api)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (api.HasExited) throw new InvalidOperationException($"The API exited with {api.ExitCode} before answering.");
            try
            {
                using var response = await http.GetAsync("/health");
                if (response.IsSuccessStatusCode)
                {
                    // The development clinic (our key) is registered right after start-up.
                    using var models = await http.GetAsync("/api/v1/ai/models");
                    if (models.IsSuccessStatusCode) return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException("The API did not come up within 90 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
