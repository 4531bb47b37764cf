using ChiroClick.AiGateway.Ollama;
using Microsoft.Extensions.Options;
using OllamaSharp;
using OllamaSharp.Models;
using OllamaSharp.Models.Exceptions;

namespace ChiroClick.AiGateway.Embeddings;

/// <summary>
/// Ollama's <c>/api/embed</c> through OllamaSharp, in batches of <see cref="EmbeddingOptions.BatchSize"/>, each call with
/// <see cref="EmbeddingOptions.TimeoutSeconds"/>; inputs longer than the model's window are truncated by Ollama. Vectors are
/// normalised here (not every model returns unit vectors). Failures: 503 unreachable or model missing, 504 timeout,
/// 502 an answer without one vector per input.
/// </summary>
public sealed class OllamaEmbedder(IOllamaApiClient client, IOptions<EmbeddingOptions> options, IOptions<OllamaOptions> ollama) : ITextEmbedder
{
    /// <inheritdoc />
    public string Model => options.Value.Model;

    /// <inheritdoc />
    public async Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken ct)
    {
        var o = options.Value;
        var result = new List<float[]>(texts.Count);
        for (var start = 0; start < texts.Count; start += o.BatchSize)
        {
            var batch = texts.Skip(start).Take(o.BatchSize).ToList();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(o.TimeoutSeconds));
            EmbedResponse response;
            try
            {
                response = await client.EmbedAsync(new EmbedRequest { Model = o.Model, Input = batch, Truncate = true }, timeout.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw AiGatewayException.Timeout("embedding", o.Model, TimeSpan.FromSeconds(o.TimeoutSeconds));
            }
            catch (HttpRequestException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                throw AiGatewayException.ModelMissing(o.Model, ex);
            }
            catch (Exception ex) when (ex is HttpRequestException { StatusCode: null } or IOException)
            {
                throw AiGatewayException.Unreachable(ollama.Value.BaseUrl, ex);
            }
            catch (Exception ex) when (ex is HttpRequestException or OllamaException or System.Text.Json.JsonException)
            {
                throw AiGatewayException.BadAnswer($"Ollama refused the embedding call to '{o.Model}': {ex.Message}", ex);
            }
            if (response?.Embeddings is not { } vectors || vectors.Count != batch.Count)
                throw AiGatewayException.BadAnswer($"Ollama's '{o.Model}' answered {response?.Embeddings?.Count ?? 0} embeddings for {batch.Count} inputs.");
            foreach (var v in vectors)
            {
                var copy = v.ToArray();
                MiniLmEmbedder.Normalise(copy);
                result.Add(copy);
            }
        }
        return [.. result];
    }
}
