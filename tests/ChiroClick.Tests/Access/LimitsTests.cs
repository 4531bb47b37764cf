using System.Net;
using System.Text.Json;
using Alba;
using ChiroClick.Api.Access;
using ChiroClick.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wolverine;

namespace ChiroClick.Tests.Access;

/// <summary>
/// A second API host with low rate limits (5 requests per key and minute, 1 model call per clinic, 3 failed keys
/// per address and minute) on its own database, so the shared host keeps its high test limits.
/// </summary>
public sealed class LowLimitsHost : IAsyncLifetime
{
    public const int Permits = 5;
    public const int FailedKeys = 3;
    public IAlbaHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await FreshDatabase("_ratelimits");
        Host = await AlbaHost.For<Program>(x =>
        {
            x.UseSetting("ConnectionStrings:Marten", connectionString);
            x.UseSetting("RateLimiting:PermitsPerMinute", Permits.ToString());
            x.UseSetting("RateLimiting:AiConcurrencyPerClinic", "1");
            x.UseSetting("RateLimiting:FailedKeyAttemptsPerMinute", FailedKeys.ToString());
            x.ConfigureServices(services =>
            {
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

    public async Task<TestClinic> NewClinicAsync()
    {
        var (id, key) = await ApiKeys.RegisterClinicAsync(Host.Services.GetRequiredService<IDocumentStore>(), "Limits", "tester");
        return new TestClinic(id, key, "tester");
    }

    /// <summary>A new, empty database named after the test database plus <paramref name="suffix"/> (unique per checkout).</summary>
    public static async Task<string> FreshDatabase(string suffix)
    {
        var main = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("ConnectionStrings__Marten"));
        var name = main.Database + suffix;
        var admin = new NpgsqlConnectionStringBuilder(main.ConnectionString) { Database = "postgres" };
        await using (var conn = new NpgsqlConnection(admin.ConnectionString))
        {
            await conn.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists {name} with (force)", conn);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"create database {name}", conn);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(main.ConnectionString) { Database = name }.ConnectionString;
    }
}

/// <summary>429s of the three rate limits, each with Retry-After.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class RateLimitTests(AppFixture fixture, LowLimitsHost limits) : IClassFixture<LowLimitsHost>
{
    private static async Task ShouldBeTooManyRequests(IScenarioResult result)
    {
        result.Context.Response.StatusCode.ShouldBe(429);
        int.Parse(result.Context.Response.Headers.RetryAfter.ToString()).ShouldBeGreaterThanOrEqualTo(1);
        result.Context.Response.ContentType.ShouldStartWith("application/problem+json");
        (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("status").GetInt32().ShouldBe(429);
    }

    [Fact]
    public async Task a_key_over_its_permits_per_minute_gets_429_with_retry_after_and_other_keys_do_not()
    {
        var clinic = await limits.NewClinicAsync();
        var other = await limits.NewClinicAsync();
        for (var i = 0; i < LowLimitsHost.Permits; i++)
            await limits.Host.Scenario(s => { s.WithRequestHeader("X-Api-Key", clinic.Key); s.Get.Url("/api/v1/crm/settings"); });

        var refused = await limits.Host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", clinic.Key);
            s.Get.Url("/api/v1/crm/settings");
            s.StatusCodeShouldBe(429);
        });
        await ShouldBeTooManyRequests(refused);
        // 5 per minute refill one token every 12 s.
        int.Parse(refused.Context.Response.Headers.RetryAfter.ToString()).ShouldBeLessThanOrEqualTo(12);
        await limits.Host.Scenario(s => { s.WithRequestHeader("X-Api-Key", other.Key); s.Get.Url("/api/v1/crm/settings"); });
    }

    [Fact]
    public async Task a_clinic_gets_429_for_a_model_call_beyond_its_concurrency_without_queueing()
    {
        var clinic = await limits.NewClinicAsync();
        fixture.ResetOllama();
        fixture.Ollama.Delay = TimeSpan.FromSeconds(2);
        try
        {
            var before = fixture.Ollama.ChatRequests.Count;
            var first = limits.Host.Scenario(s =>
            {
                s.WithRequestHeader("X-Api-Key", clinic.Key);
                s.Post.Json(new { task = "general", input = "Hva anbefales?" }).ToUrl("/api/v1/ai/suggestions");
                s.StatusCodeShouldBe(201);
            });
            for (var i = 0; i < 100 && fixture.Ollama.ChatRequests.Count == before; i++) await Task.Delay(50);
            fixture.Ollama.ChatRequests.Count.ShouldBe(before + 1);

            var second = await limits.Host.Scenario(s =>
            {
                s.WithRequestHeader("X-Api-Key", clinic.Key);
                s.Post.Json(new { task = "general", input = "Og nå?" }).ToUrl("/api/v1/ai/suggestions/stream");
                s.StatusCodeShouldBe(429);
            });
            await ShouldBeTooManyRequests(second);
            (await second.ReadAsJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain("AiConcurrencyPerClinic");
            fixture.Ollama.ChatRequests.Count.ShouldBe(before + 1); // refused, not queued

            await first;
            fixture.Ollama.Delay = TimeSpan.Zero;
            await limits.Host.Scenario(s =>
            {
                s.WithRequestHeader("X-Api-Key", clinic.Key);
                s.Post.Json(new { task = "general", input = "Og nå?" }).ToUrl("/api/v1/ai/suggestions");
                s.StatusCodeShouldBe(201);
            });
        }
        finally
        {
            fixture.ResetOllama();
        }
    }

    [Fact]
    public async Task an_address_with_too_many_failed_keys_gets_429_even_with_a_good_key()
    {
        var clinic = await limits.NewClinicAsync();
        var address = IPAddress.Parse("203.0.113.7");
        for (var i = 0; i < LowLimitsHost.FailedKeys; i++)
            await limits.Host.Scenario(s =>
            {
                s.ConfigureHttpContext(c => c.Connection.RemoteIpAddress = address);
                s.WithRequestHeader("X-Api-Key", "cc_guessed" + i);
                s.Get.Url("/api/v1/crm/settings");
                s.StatusCodeShouldBe(401);
            });

        var refused = await limits.Host.Scenario(s =>
        {
            s.ConfigureHttpContext(c => c.Connection.RemoteIpAddress = address);
            s.WithRequestHeader("X-Api-Key", clinic.Key);
            s.Get.Url("/api/v1/crm/settings");
            s.StatusCodeShouldBe(429);
        });
        await ShouldBeTooManyRequests(refused);
        int.Parse(refused.Context.Response.Headers.RetryAfter.ToString()).ShouldBeLessThanOrEqualTo(60);
        // Another address is not affected.
        await limits.Host.Scenario(s =>
        {
            s.ConfigureHttpContext(c => c.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.8"));
            s.WithRequestHeader("X-Api-Key", clinic.Key);
            s.Get.Url("/api/v1/crm/settings");
        });
    }

    [Fact]
    public async Task limit_settings_below_one_stop_the_host_at_start()
    {
        var ex = await Should.ThrowAsync<Exception>(async () =>
        {
            await using var host = await AlbaHost.For<Program>(x =>
            {
                x.UseSetting("RateLimiting:PermitsPerMinute", "0");
                x.ConfigureServices(services =>
                {
                    services.RunWolverineInSoloMode();
                    services.DisableAllExternalWolverineTransports();
                });
            });
        });
        ex.ToString().ShouldContain("PermitsPerMinute");
    }
}

/// <summary>413 for bodies over Limits:MaxRequestBodyBytes, 400 naming the field for text and lists over their caps.</summary>
public sealed class RequestSizeTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task a_body_over_two_mebibytes_gets_413_problem_details_and_nothing_is_written()
    {
        var big = new string('x', 2 * 1024 * 1024);
        int before;
        await using (var session = Store.QuerySession(Clinic.Id.ToString())) before = await session.Events.QueryAllRawEvents().CountAsync();
        var result = await As(s =>
        {
            s.Post.Json(new { fullName = "Kari Nordmann", source = "website", complaint = big }).ToUrl("/api/v1/crm/leads");
            s.StatusCodeShouldBe(413);
        });
        result.Context.Response.ContentType.ShouldStartWith("application/problem+json");
        (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain("Limits:MaxRequestBodyBytes");
        await using var after = Store.QuerySession(Clinic.Id.ToString());
        (await after.Events.QueryAllRawEvents().CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_body_without_content_length_is_counted_too()
    {
        var big = new byte[2 * 1024 * 1024 + 10];
        Array.Fill(big, (byte)'x');
        var result = await As(s =>
        {
            s.Post.Url("/api/v1/crm/leads");
            s.ConfigureHttpContext(c =>
            {
                c.Request.ContentType = "application/json";
                c.Request.ContentLength = null;
                c.Request.Body = new MemoryStream(big);
            });
            s.StatusCodeShouldBe(413);
        });
        result.Context.Response.ContentType.ShouldStartWith("application/problem+json");
    }

    [Fact]
    public async Task text_and_lists_over_their_caps_get_400_naming_the_field()
    {
        var tooLong = await As(s =>
        {
            s.Post.Json(new { fullName = "Kari Nordmann", source = "website", complaint = new string('a', 2_001) }).ToUrl("/api/v1/crm/leads");
            s.StatusCodeShouldBe(400);
        });
        var problem = await tooLong.ReadAsJsonAsync<JsonElement>();
        problem.GetProperty("errors").TryGetProperty("complaint", out _).ShouldBeTrue();
        problem.GetProperty("detail").GetString()!.ShouldStartWith("complaint: is 2001 characters long; at most 2000");

        var name = await As(s =>
        {
            s.Post.Json(new { fullName = new string('K', 201), phone = "99887766" }).ToUrl("/api/v1/patients");
            s.StatusCodeShouldBe(400);
        });
        (await name.ReadAsJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("fullName", out _).ShouldBeTrue();

        var recipients = await As(s =>
        {
            s.Post.Json(new { patientIds = Enumerable.Range(0, 1_001).Select(_ => Guid.NewGuid()), channel = "sms" })
                .ToUrl($"/api/v1/crm/surveys/{Guid.NewGuid()}/send");
            s.StatusCodeShouldBe(400);
        });
        (await recipients.ReadAsJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldStartWith("patientIds: has 1001 entries; at most 1000");

        // At the cap is fine.
        await As(s =>
        {
            s.Post.Json(new { fullName = "Kari Nordmann", phone = "99887766", source = "website", complaint = new string('a', 2_000) })
                .ToUrl("/api/v1/crm/leads");
            s.StatusCodeShouldBe(201);
        });
    }
}
