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
public sealed class FakeOllama : IAsyncDisposable
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

    private static JsonObject ModelEntry(string name) => new()
    {
        ["name"] = name + ":latest",
        ["model"] = name + ":latest",
        ["modified_at"] = "2026-11-20T10:15:30.123456789+01:00",
        ["size"] = 4_372_824_384,
        ["digest"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(name))),
        ["details"] = Details(),
    };

    private static JsonObject Details() => new()
    {
        ["parent_model"] = "",
        ["format"] = "gguf",
        ["family"] = "llama",
        ["families"] = new JsonArray("llama"),
        ["parameter_size"] = "7.2B",
        ["quantization_level"] = "Q4_K_M",
    };

    private async Task Show(HttpContext ctx, JsonNode? body)
    {
        var model = body?["model"]?.GetValue<string>() ?? body?["name"]?.GetValue<string>();
        if (!Installed(model))
        {
            await Error(ctx, 404, $"model '{model}' not found");
            return;
        }
        await Json(ctx, new JsonObject
        {
            ["modelfile"] = $"FROM {model}\nPARAMETER temperature 0.3",
            ["parameters"] = "temperature 0.3",
            ["template"] = "{{ .Prompt }}",
            ["details"] = Details(),
            ["model_info"] = new JsonObject { ["general.architecture"] = "llama" },
            ["modified_at"] = "2026-11-20T10:15:30.123456789+01:00",
        });
    }

    private async Task Complete(HttpContext ctx, JsonNode? body, bool chat)
    {
        var model = body?["model"]?.GetValue<string>();
        if (string.IsNullOrWhiteSpace(model))
        {
            await Error(ctx, 400, "model is required");
            return;
        }
        if (!Installed(model))
        {
            await Error(ctx, 404, $"model '{model}' not found, try pulling it first");
            return;
        }
        if (Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(Delay, ctx.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var request = new FakeOllamaRequest(ctx.Request.Method, ctx.Request.Path, body);
        var content = Reply(request);
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/x-ndjson";
        var pieces = Split(content, 3);
        foreach (var piece in pieces)
        {
            var chunk = new JsonObject { ["model"] = model, ["created_at"] = Now() };
            if (chat) chunk["message"] = new JsonObject { ["role"] = "assistant", ["content"] = piece };
            else chunk["response"] = piece;
            chunk["done"] = false;
            await Line(ctx, chunk);
        }
        var done = new JsonObject { ["model"] = model, ["created_at"] = Now() };
        if (chat) done["message"] = new JsonObject { ["role"] = "assistant", ["content"] = "" };
        else done["response"] = "";
        done["done"] = true;
        done["done_reason"] = "stop";
        done["total_duration"] = 1_234_567_890L;
        done["load_duration"] = 12_345_678L;
        done["prompt_eval_count"] = 42;
        done["prompt_eval_duration"] = 123_456_789L;
        done["eval_count"] = Math.Max(1, content.Length / 4);
        done["eval_duration"] = 987_654_321L;
        if (!chat) done["context"] = new JsonArray(1, 2, 3);
        await Line(ctx, done);
    }

    private async Task Embed(HttpContext ctx, JsonNode? body)
    {
        var model = body?["model"]?.GetValue<string>();
        if (!Installed(model))
        {
            await Error(ctx, 404, $"model '{model}' not found, try pulling it first");
            return;
        }
        var inputs = body?["input"] is JsonArray a ? a.Select(n => n?.GetValue<string>() ?? "").ToList() : [body?["input"]?.GetValue<string>() ?? ""];
        var embeddings = new JsonArray(inputs.Select(text => (JsonNode)new JsonArray(HashedWords(text).Select(v => (JsonNode)v).ToArray())).ToArray());
        await Json(ctx, new JsonObject { ["model"] = model, ["embeddings"] = embeddings, ["total_duration"] = 1000, ["prompt_eval_count"] = 3 });
    }

    /// <summary>Embedding dimensions of the fake's /api/embed.</summary>
    public const int EmbedDimensions = 64;

    /// <summary>
    /// The fake's embedding: a bag of lower-cased words hashed into <see cref="EmbedDimensions"/> buckets (not normalised, as
    /// some real models answer), so texts that share words are similar and the answer depends on the input.
    /// </summary>
    public static double[] HashedWords(string text)
    {
        var v = new double[EmbedDimensions];
        foreach (var word in text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            // FNV-1a: stable across processes, unlike string.GetHashCode.
            var hash = 2166136261u;
            foreach (var b in Encoding.UTF8.GetBytes(word.Trim('.', ',', '?', '!'))) hash = (hash ^ b) * 16777619u;
            v[hash % EmbedDimensions] += 1;
        }
        return v;
    }

    private static IEnumerable<string> Split(string content, int parts)
    {
        if (content.Length == 0) yield break;
        var size = (int)Math.Ceiling(content.Length / (double)parts);
        for (var i = 0; i < content.Length; i += size) yield return content.Substring(i, Math.Min(size, content.Length - i));
    }

    private static async Task Line(HttpContext ctx, JsonNode node)
    {
        await ctx.Response.WriteAsync(node.ToJsonString() + "\n");
        await ctx.Response.Body.FlushAsync();
    }

    private static Task Json(HttpContext ctx, JsonNode node)
    {
        ctx.Response.ContentType = "application/json; charset=utf-8";
        return ctx.Response.WriteAsync(node.ToJsonString());
    }

    private static Task Error(HttpContext ctx, int status, string message)
    {
        ctx.Response.StatusCode = status;
        return Json(ctx, new JsonObject { ["error"] = message });
    }
}
