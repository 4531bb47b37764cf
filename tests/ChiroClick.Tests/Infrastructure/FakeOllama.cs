using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChiroClick.Tests.Infrastructure;

/// <summary>One request the fake Ollama received.</summary>
public sealed record FakeOllamaRequest(string Method, string Path, JsonNode? Body)
{
    public string? Model => Body?["model"]?.GetValue<string>();
    public JsonNode? Options => Body?["options"];
    public JsonNode? Format => Body?["format"];
    public string? KeepAlive => Body?["keep_alive"]?.ToString();
    public string? SystemPrompt => Message("system");
    public string? UserPrompt => Message("user");

    private string? Message(string role) =>
        (Body?["messages"] as JsonArray)?.FirstOrDefault(m => m?["role"]?.GetValue<string>() == role)?["content"]?.GetValue<string>();
}

/// <summary>
/// A fake Ollama server on a random loopback port (in-process Kestrel), faithful to the wire format in
/// ../shared/docs/ENVIRONMENT.md so the real OllamaSharp client is exercised: GET /, /api/version,
/// /api/tags (with modified_at), /api/ps; POST /api/show, /api/chat and /api/generate (compact JSON, one
/// object per line even for stream:false, ending with a done:true chunk whose content is ""), /api/embed;
/// 400 {"error"} for malformed requests, 404 {"error"} for unknown models. Per test: installed models,
/// a delay before answering, "down" (connections are aborted), and the reply text. Requests are recorded.
/// </summary>
public sealed partial class FakeOllama : IAsyncDisposable
{
    public static readonly string[] DefaultModels = ["chiro-no", "chiro-fast", "chiro-norwegian", "chiro-medical"];

    private readonly WebApplication _app;
    private readonly object _lock = new();
    private HashSet<string> _models = [];

    private FakeOllama(WebApplication app)
    {
        _app = app;
        Reset();
    }

    public string BaseUrl { get; private set; } = "";
    public ConcurrentQueue<FakeOllamaRequest> Requests { get; } = new();

    /// <summary>Delay before /api/chat and /api/generate answer (cancelled when the client gives up).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>When true every connection is aborted without an answer, as if nothing listened.</summary>
    public bool Down { get; set; }

    /// <summary>The assistant's content for a chat request (default: a short Norwegian sentence naming the model).</summary>
    public Func<FakeOllamaRequest, string> Reply { get; set; } = DefaultReply;

    public IReadOnlyList<FakeOllamaRequest> ChatRequests => Requests.Where(r => r.Path == "/api/chat").ToList();

    /// <summary>Installed models (names without tag; listed as "name:latest").</summary>
    public IReadOnlyCollection<string> Models
    {
        get { lock (_lock) return _models.ToList(); }
        set { lock (_lock) _models = new HashSet<string>(value.Select(Untagged), StringComparer.OrdinalIgnoreCase); }
    }

    public void Reset()
    {
        Models = DefaultModels;
        Delay = TimeSpan.Zero;
        Down = false;
        Reply = DefaultReply;
        Requests.Clear();
    }

    public static string DefaultReply(FakeOllamaRequest request) => $"Forslag fra {request.Model}: pasienten bør følges opp om to uker.";

    public static async Task<FakeOllama> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeOllama(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = address.TrimEnd('/') + "/";
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string Untagged(string name) => name.EndsWith(":latest", StringComparison.OrdinalIgnoreCase) ? name[..^7] : name;

    private bool Installed(string? model)
    {
        if (string.IsNullOrEmpty(model)) return false;
        lock (_lock) return _models.Contains(Untagged(model));
    }

    private static string Now() => DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ");

    private async Task HandleAsync(HttpContext ctx)
    {
        if (Down)
        {
            ctx.Abort();
            return;
        }
        var path = ctx.Request.Path.Value ?? "/";
        var method = ctx.Request.Method;
        JsonNode? body = null;
        if (HttpMethods.IsPost(method))
        {
            var text = await new StreamReader(ctx.Request.Body, Encoding.UTF8).ReadToEndAsync();
            try
            {
                body = text.Length == 0 ? null : JsonNode.Parse(text);
            }
            catch (JsonException ex)
            {
                Requests.Enqueue(new FakeOllamaRequest(method, path, null));
                await Error(ctx, 400, "invalid character in request body: " + ex.Message);
                return;
            }
        }
        Requests.Enqueue(new FakeOllamaRequest(method, path, body));

        switch (method, path)
        {
            case ("GET" or "HEAD", "/"):
                ctx.Response.ContentType = "text/plain; charset=utf-8";
                await ctx.Response.WriteAsync("Ollama is running");
                return;
            case ("GET", "/api/version"):
                await Json(ctx, new JsonObject { ["version"] = "0.12.6" });
                return;
            case ("GET", "/api/tags"):
                await Json(ctx, new JsonObject { ["models"] = new JsonArray(Models.Select(m => (JsonNode)ModelEntry(m)).ToArray()) });
                return;
            case ("GET", "/api/ps"):
                await Json(ctx, new JsonObject { ["models"] = new JsonArray() });
                return;
            case ("POST", "/api/show"):
                await Show(ctx, body);
                return;
            case ("POST", "/api/chat"):
            case ("POST", "/api/generate"):
                await Complete(ctx, body, chat: path == "/api/chat");
                return;
            case ("POST", "/api/embed"):
                await Embed(ctx, body);
                return;
            default:
                ctx.Response.StatusCode = 404;
                ctx.Response.ContentType = "text/plain";
                await ctx.Response.WriteAsync("404 page not found");
                return;
        }
    }
}
