using System.Collections.Concurrent;
using System.Text.Json;
using ChiroClick.Api.Messaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChiroClick.Tests.Messaging;

/// <summary>The HTTP SMS provider adapter against a real HTTP server playing the provider.</summary>
public sealed class HttpSmsSenderTests : IAsyncLifetime
{
    private WebApplication provider = null!;
    private readonly ConcurrentQueue<(string? Authorization, string? IdempotencyKey, JsonElement Body)> received = new();
    private int failuresLeft;
    private int hangsLeft;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        provider = builder.Build();
        provider.MapPost("/v1/sms", async (HttpRequest request) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
            received.Enqueue((request.Headers.Authorization.ToString(), request.Headers["Idempotency-Key"].ToString(), body));
            if (Interlocked.Decrement(ref hangsLeft) >= 0) await Task.Delay(TimeSpan.FromSeconds(5));
            return Interlocked.Decrement(ref failuresLeft) >= 0 ? Results.StatusCode(503) : Results.Accepted();
        });
        await provider.StartAsync();
    }

    public async Task DisposeAsync() => await provider.DisposeAsync();

    /// <summary>The sender as the API registers it (typed options, IHttpClientFactory), from configuration values.</summary>
    private static ISmsSender Sender(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddChiroClickMessaging(configuration);
        return services.BuildServiceProvider().GetRequiredService<ISmsSender>().ShouldBeOfType<HttpSmsSender>();
    }

    [Fact]
    public async Task A_provider_that_does_not_answer_within_Sms_TimeoutSeconds_fails_like_a_5xx_and_the_campaign_queue_retries_it()
    {
        var sender = Sender(new() { ["Sms:Url"] = provider.Urls.First() + "/v1/sms", ["Sms:TimeoutSeconds"] = "1" });
        var message = new SmsMessage(Guid.NewGuid(), "+4799887766", "Hei");
        hangsLeft = 1;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var failure = await Should.ThrowAsync<HttpRequestException>(() => sender.SendAsync(message, CancellationToken.None));
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(4), "Sms:TimeoutSeconds=1, not HttpClient's 100 s");
        failure.InnerException.ShouldBeOfType<TimeoutException>();
        (await sender.SendAsync(message, CancellationToken.None)).ShouldBeTrue("the retry reaches the provider");
        received.Count.ShouldBe(2);
        // The retry policy of the queues: HttpRequestException is transient (retried, then scheduled), as for a 503.
        ChiroClick.Api.Workflows.WorkflowsConfiguration.IsTransient(failure).ShouldBeTrue();

        // A caller's own cancellation is not turned into a retry.
        hangsLeft = 1;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Should.ThrowAsync<OperationCanceledException>(() => sender.SendAsync(message, cancel.Token));
    }

    [Fact]
    public void Invalid_sms_and_smtp_settings_fail_at_start_up()
    {
        static void Start(Dictionary<string, string?> settings)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            using var sp = new ServiceCollection().AddLogging().AddChiroClickMessaging(configuration).BuildServiceProvider();
            foreach (var validator in sp.GetServices<Microsoft.Extensions.Options.IStartupValidator>()) validator.Validate();
        }
        Start(new() { ["Sms:Url"] = "https://sms.example/v1" });
        Should.Throw<Microsoft.Extensions.Options.OptionsValidationException>(() => Start(new() { ["Sms:TimeoutSeconds"] = "0" }));
        Should.Throw<Microsoft.Extensions.Options.OptionsValidationException>(() => Start(new() { ["Sms:Url"] = "ftp://sms.example" }));
        Should.Throw<Microsoft.Extensions.Options.OptionsValidationException>(() => Start(new() { ["Smtp:Host"] = "smtp.example", ["Smtp:Password"] = "x" }));
        Should.Throw<Microsoft.Extensions.Options.OptionsValidationException>(() => Start(new() { ["Smtp:Host"] = "smtp.example", ["Smtp:Port"] = "70000" }));
    }

    [Fact]
    public async Task Posts_id_to_and_body_with_the_bearer_token_and_a_stable_idempotency_key_and_throws_on_5xx()
    {
        var sender = Sender(new() { ["Sms:Url"] = provider.Urls.First() + "/v1/sms", ["Sms:Token"] = "secret-token" });
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
