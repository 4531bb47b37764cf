using System.Collections.Concurrent;
using System.Text.Json;
using ChiroClick.Api.Campaigns;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Shouldly;

namespace ChiroClick.Tests.Campaigns;

/// <summary>The HTTP SMS provider adapter against a real HTTP server playing the provider.</summary>
public sealed class HttpSmsSenderTests : IAsyncLifetime
{
    private WebApplication provider = null!;
    private readonly ConcurrentQueue<(string? Authorization, string? IdempotencyKey, JsonElement Body)> received = new();
    private int failuresLeft;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        provider = builder.Build();
        provider.MapPost("/v1/sms", async (HttpRequest request) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
            received.Enqueue((request.Headers.Authorization.ToString(), request.Headers["Idempotency-Key"].ToString(), body));
            return Interlocked.Decrement(ref failuresLeft) >= 0 ? Results.StatusCode(503) : Results.Accepted();
        });
        await provider.StartAsync();
    }

    public async Task DisposeAsync() => await provider.DisposeAsync();

    [Fact]
    public async Task Posts_id_to_and_body_with_the_bearer_token_and_a_stable_idempotency_key_and_throws_on_5xx()
    {
        var sender = new HttpSmsSender(new HttpClient(), new SmsSettings { Url = provider.Urls.First() + "/v1/sms", Token = "secret-token" });
        var message = new SmsMessage(Guid.NewGuid(), "+4799887766", "Hei Kari, velkommen tilbake!");
        failuresLeft = 1;

        await Should.ThrowAsync<HttpRequestException>(() => sender.SendAsync(message, CancellationToken.None));
        (await sender.SendAsync(message, CancellationToken.None)).ShouldBeTrue();

        var calls = received.ToList();
        calls.Count.ShouldBe(2);
        calls.ShouldAllBe(c => c.Authorization == "Bearer secret-token");
        calls.Select(c => c.IdempotencyKey).ShouldBe([message.Id.ToString(), message.Id.ToString()], "a retry carries the same key");
        var body = calls[1].Body;
        body.GetProperty("id").GetGuid().ShouldBe(message.Id);
        body.GetProperty("to").GetString().ShouldBe("+4799887766");
        body.GetProperty("body").GetString().ShouldBe("Hei Kari, velkommen tilbake!");
    }
}
