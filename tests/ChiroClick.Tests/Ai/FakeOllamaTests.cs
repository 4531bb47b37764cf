using ChiroClick.Tests.Infrastructure;
using OllamaSharp;
using OllamaSharp.Models;
using OllamaSharp.Models.Chat;
using OllamaSharp.Models.Exceptions;

namespace ChiroClick.Tests.Ai;

/// <summary>The fake Ollama speaks the wire format OllamaSharp expects (ENVIRONMENT.md), for every endpoint it offers.</summary>
public sealed class FakeOllamaTests : IAsyncLifetime
{
    private FakeOllama _fake = null!;
    private OllamaApiClient _client = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeOllama.StartAsync();
        _client = new OllamaApiClient(new HttpClient { BaseAddress = new Uri(_fake.BaseUrl) });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task the_read_endpoints_parse_with_ollamasharp()
    {
        (await _client.IsRunningAsync()).ShouldBeTrue();
        (await _client.GetVersionAsync()).ShouldNotBeNull();
        var models = (await _client.ListLocalModelsAsync()).ToList();
        models.Select(m => m.Name).ShouldBe(FakeOllama.DefaultModels.Select(m => m + ":latest"), ignoreOrder: true);
        models[0].ModifiedAt.Year.ShouldBe(2026);
        (await _client.ListRunningModelsAsync()).ShouldBeEmpty();
        (await _client.ShowModelAsync("chiro-no")).Details.ShouldNotBeNull();
        (await _client.EmbedAsync(new EmbedRequest { Model = "chiro-no", Input = ["a", "b"] })).Embeddings.Count.ShouldBe(2);
        _fake.Requests.Select(r => r.Path).ShouldContain("/api/embed");
    }

    [Fact]
    public async Task chat_and_generate_stream_line_by_line_and_end_with_done()
    {
        _fake.Reply = _ => "Hei på deg";
        var chunks = new List<ChatResponseStream?>();
        await foreach (var c in _client.ChatAsync(new ChatRequest { Model = "chiro-fast", Messages = [new Message(ChatRole.User, "hei")], Stream = false }))
            chunks.Add(c);
        string.Concat(chunks.Select(c => c?.Message?.Content)).ShouldBe("Hei på deg");
        var done = chunks.Last().ShouldBeOfType<ChatDoneResponseStream>();
        done.EvalCount.ShouldBeGreaterThan(0);
        done.PromptEvalCount.ShouldBe(42);

        var text = "";
        await foreach (var g in _client.GenerateAsync(new GenerateRequest { Model = "chiro-no", Prompt = "hei" })) text += g?.Response;
        text.ShouldBe("Hei på deg");
    }

    [Fact]
    public async Task errors_are_the_ones_ollamasharp_maps()
    {
        var missing = await Should.ThrowAsync<HttpRequestException>(async () =>
        {
            await foreach (var _ in _client.ChatAsync(new ChatRequest { Model = "nope", Messages = [new Message(ChatRole.User, "hei")] })) { }
        });
        missing.StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);

        await Should.ThrowAsync<OllamaException>(async () =>
        {
            await foreach (var _ in _client.ChatAsync(new ChatRequest { Model = "", Messages = [new Message(ChatRole.User, "hei")] })) { }
        });

        _fake.Down = true;
        await Should.ThrowAsync<HttpRequestException>(() => _client.ListLocalModelsAsync());
    }
}
