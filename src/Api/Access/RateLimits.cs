using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Security.Claims;
using System.Threading.RateLimiting;

namespace ChiroClick.Api.Access;

/// <summary>Configuration section <c>RateLimiting</c>. Validated at start-up: every value at least 1.</summary>
public sealed class RateLimitingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "RateLimiting";

    /// <summary>Requests per minute per API key (token bucket: bursts up to this many, refilled evenly over the minute). Default 600.</summary>
    [Range(1, int.MaxValue)]
    public int PermitsPerMinute { get; set; } = 600;

    /// <summary>Model calls (routes marked <see cref="CallsModelAttribute"/>) running at once per clinic; no queue. Default 2.</summary>
    [Range(1, 1000)]
    public int AiConcurrencyPerClinic { get; set; } = 2;

    /// <summary>Requests with an unknown, revoked or expired key per client address per minute before 429. Default 20.</summary>
    [Range(1, int.MaxValue)]
    public int FailedKeyAttemptsPerMinute { get; set; } = 20;
}

/// <summary>
/// Marks an endpoint that calls a model: it counts against <see cref="RateLimitingOptions.AiConcurrencyPerClinic"/>
/// for as long as it runs (a streamed answer included).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CallsModelAttribute : Attribute;

/// <summary>
/// ASP.NET Core rate limiting: a token bucket per API key on every authenticated request, a concurrency limit per
/// clinic on model calls, and a fixed window per client address on failed key attempts. Every refusal is 429
/// problem details with <c>Retry-After</c> (seconds).
/// </summary>
public static class RateLimits
{
    /// <summary>Registers the options (validated on start) and the limiters.</summary>
    public static IServiceCollection AddChiroClickRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<FailedKeyAttempts>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(PerKey(), ModelCallsPerClinic());
            o.OnRejected = (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(2);
                var modelCall = CallsModel(context.HttpContext);
                return new ValueTask(TooManyRequests(context.HttpContext, retryAfter, modelCall
                    ? "This clinic already has the maximum number of AI requests running (RateLimiting:AiConcurrencyPerClinic). Retry when one has finished."
                    : "This API key has used its requests for now (RateLimiting:PermitsPerMinute). Retry after the time in Retry-After."));
            };
        });
        return services;
    }

    /// <summary>
    /// The middleware order: the failed-key limit goes before authentication (it refuses an address that keeps
    /// guessing before any key is looked up); the request limits after authorisation, where the principal is known.
    /// </summary>
    public static void UseFailedKeyLimit(this WebApplication app) => app.UseMiddleware<FailedKeyAttemptsMiddleware>();

    private static PartitionedRateLimiter<HttpContext> PerKey() => PartitionedRateLimiter.Create<HttpContext, string>(http =>
    {
        var key = http.User.FindFirstValue(ApiKeyAuthentication.KeyPrefixClaim);
        if (key is null) return RateLimitPartition.GetNoLimiter("anonymous");
        var permits = http.RequestServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value.PermitsPerMinute;
        var partition = http.User.FindFirstValue(ApiKeyAuthentication.ClinicClaim) + "/" + http.User.Identity?.Name + "/" + key;
        return RateLimitPartition.GetTokenBucketLimiter(partition, _ =>
        {
            // Refill in whole tokens: 600/min → 10 every second; 5/min → 1 every 12 s.
            var tokens = Math.Max(1, permits / 60);
            return new TokenBucketRateLimiterOptions
            {
                TokenLimit = permits,
                TokensPerPeriod = tokens,
                ReplenishmentPeriod = TimeSpan.FromSeconds(60.0 * tokens / permits),
                QueueLimit = 0,
                AutoReplenishment = true,
            };
        });
    });

    private static PartitionedRateLimiter<HttpContext> ModelCallsPerClinic() => PartitionedRateLimiter.Create<HttpContext, string>(http =>
    {
        var clinic = http.User.FindFirstValue(ApiKeyAuthentication.ClinicClaim);
        if (clinic is null || !CallsModel(http)) return RateLimitPartition.GetNoLimiter("none");
        var permits = http.RequestServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value.AiConcurrencyPerClinic;
        return RateLimitPartition.GetConcurrencyLimiter(clinic, _ => new ConcurrencyLimiterOptions { PermitLimit = permits, QueueLimit = 0 });
    });

    private static readonly ConcurrentDictionary<Endpoint, bool> ModelEndpoints = new();

    // Wolverine puts the endpoint method's MethodInfo into the endpoint metadata; the attribute is read once per endpoint.
    private static bool CallsModel(HttpContext http) => http.GetEndpoint() is { } e &&
        ModelEndpoints.GetOrAdd(e, x => x.Metadata.GetMetadata<MethodInfo>()?.GetCustomAttribute<CallsModelAttribute>() is not null ||
                                        x.Metadata.GetMetadata<CallsModelAttribute>() is not null);

    /// <summary>Writes 429 problem details with <c>Retry-After</c> (whole seconds, at least 1).</summary>
    public static Task TooManyRequests(HttpContext http, TimeSpan retryAfter, string detail)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(statusCode: 429, title: "Too many requests", detail: detail,
                type: "https://www.rfc-editor.org/rfc/rfc6585#section-4",
                extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds })
            .ExecuteAsync(http);
    }
}

/// <summary>Failed key attempts per client address: a fixed one-minute window per address.</summary>
public sealed class FailedKeyAttempts(IOptions<RateLimitingOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.FailedKeyAttemptsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>True when <paramref name="address"/> may still try a key; otherwise how long until it may.</summary>
    public bool MayTry(string address, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(address, 0);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
        return lease.IsAcquired;
    }

    /// <summary>Counts one failed attempt of <paramref name="address"/>.</summary>
    public void Failed(string address)
    {
        using var _ = _limiter.AttemptAcquire(address);
    }

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();
}

/// <summary>
/// Refuses (429) a request that carries an API key from an address whose failed key attempts used up the minute's
/// allowance, before the key is looked up; counts every request with a key that ends in 401.
/// </summary>
public sealed class FailedKeyAttemptsMiddleware(RequestDelegate next, ILogger<FailedKeyAttemptsMiddleware> logger,
    Microsoft.Extensions.Compliance.Redaction.IRedactorProvider redactors)
{
    /// <summary>Checks, runs, counts.</summary>
    public async Task InvokeAsync(HttpContext http, FailedKeyAttempts attempts)
    {
        if (!http.Request.Headers.ContainsKey(ApiKeys.Header))
        {
            await next(http);
            return;
        }
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!attempts.MayTry(address, out var retryAfter))
        {
            // A client address is personal data: logged as an HMAC, so repeated refusals of one address still correlate.
            logger.LogWarning("Refused a request with an API key from {ClientAddress}: too many failed key attempts",
                redactors.GetRedactor(Infrastructure.PrivateLogging.PersonalData).Redact(address));
            await RateLimits.TooManyRequests(http, retryAfter,
                "Too many requests with an unknown, revoked or expired API key from this address (RateLimiting:FailedKeyAttemptsPerMinute).");
            return;
        }
        // Counted as the response starts, not after the pipeline returns: the client must not see its 401 (and send
        // the next guess) before the failure is counted.
        http.Response.OnStarting(() =>
        {
            if (http.Response.StatusCode == StatusCodes.Status401Unauthorized) attempts.Failed(address);
            return Task.CompletedTask;
        });
        await next(http);
    }
}
