using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ChiroClick.Tests.Infrastructure;

/// <summary>The fake Ollama's answers: model entries, show, chat/generate, embed, and the JSON Lines and error writers.</summary>
public sealed partial class FakeOllama
{
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
