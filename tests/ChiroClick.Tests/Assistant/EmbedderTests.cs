using System.Numerics.Tensors;
using ChiroClick.AiGateway;
using ChiroClick.AiGateway.Embeddings;
using ChiroClick.AiGateway.Ollama;
using ChiroClick.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using OllamaSharp;

namespace ChiroClick.Tests.Assistant;

/// <summary>The in-process embedder on real clinical text, and the Ollama embedder against the fake's /api/embed.</summary>
public sealed class EmbedderTests
{
    private static readonly MiniLmEmbedder MiniLm = new(Options.Create(new EmbeddingOptions()));

    private static float Cos(float[] a, float[] b) => TensorPrimitives.Dot<float>(a, b);

    [Fact]
    public async Task minilm_puts_texts_about_the_same_complaint_closer_than_texts_about_others()
    {
        var v = await MiniLm.EmbedAsync([
            "The patient has had low back pain for two weeks after lifting heavy boxes, radiating into the left leg.",
            "Lumbar pain since lifting at work two weeks ago, with sciatica down the left leg.",
            "Our clinic is closed on public holidays; the price of a first consultation is 650 kroner.",
            "She reports neck stiffness and headaches after a car accident last month.",
        ], CancellationToken.None);
        v.Length.ShouldBe(4);
        v.ShouldAllBe(x => x.Length == MiniLmEmbedder.Dimensions);
        v.ShouldAllBe(x => Math.Abs(TensorPrimitives.Norm<float>(x) - 1) < 1e-4);
        MiniLm.Model.ShouldBe("all-MiniLM-L6-v2");
        Cos(v[0], v[1]).ShouldBeGreaterThan(0.6f);
        Cos(v[0], v[1]).ShouldBeGreaterThan(Cos(v[0], v[2]) + 0.3f);
        Cos(v[0], v[1]).ShouldBeGreaterThan(Cos(v[0], v[3]));
    }

    [Fact]
    public async Task minilm_embeds_a_400_word_chunk_by_its_windows_so_its_end_counts()
    {
        var start = string.Join(" ", Enumerable.Repeat("The patient describes knee pain when climbing stairs.", 40)); // 320 words
        var withShoulder = start + " " + string.Join(" ", Enumerable.Repeat("Shoulder dislocation during handball, arm in a sling.", 12));
        var v = await MiniLm.EmbedAsync([start, withShoulder, "shoulder dislocation handball sling"], CancellationToken.None);
        // The shoulder text is past the model's 256 word pieces: without windows the two vectors would be equal.
        Cos(v[1], v[2]).ShouldBeGreaterThan(Cos(v[0], v[2]) + 0.05f);
        MiniLmEmbedder.Windows(withShoulder).Count().ShouldBe(4);
    }

    [Fact]
    public async Task ollama_embedder_uses_api_embed_in_batches_and_normalises()
    {
        await using var fake = await FakeOllama.StartAsync();
        var http = new HttpClient { BaseAddress = new Uri(fake.BaseUrl) };
        var embedder = new OllamaEmbedder(new OllamaApiClient(http),
            Options.Create(new EmbeddingOptions { Provider = EmbeddingProvider.Ollama, Model = "chiro-no", BatchSize = 2 }),
            Options.Create(new OllamaOptions { BaseUrl = fake.BaseUrl }));
        var v = await embedder.EmbedAsync(["vondt i ryggen", "vondt i ryggen i dag", "pris for time"], CancellationToken.None);
        v.Length.ShouldBe(3);
        fake.Requests.Count(r => r.Path == "/api/embed").ShouldBe(2);
        v.ShouldAllBe(x => x.Length == FakeOllama.EmbedDimensions && Math.Abs(TensorPrimitives.Norm<float>(x) - 1) < 1e-4);
        Cos(v[0], v[1]).ShouldBeGreaterThan(Cos(v[0], v[2]));

        fake.Models = ["chiro-fast"];
        (await Should.ThrowAsync<AiGatewayException>(() => embedder.EmbedAsync(["x"], CancellationToken.None))).Status.ShouldBe(503);
    }

    [Fact]
    public void ollama_provider_needs_a_model()
    {
        var options = new EmbeddingOptions { Provider = EmbeddingProvider.Ollama, Model = " " };
        options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ShouldNotBeEmpty();
    }
}
