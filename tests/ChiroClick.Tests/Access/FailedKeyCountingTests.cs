using System.Net;
using ChiroClick.Api.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChiroClick.Tests.Access;

/// <summary>
/// The failed-key limit counts a 401 before the response starts: once the status line is on its way the client may send
/// its next guess, which must already meet the count (CI once saw a 4th guess let through, counted too late).
/// </summary>
public sealed class FailedKeyCountingTests
{
    [Fact]
    public async Task a_401_is_counted_before_its_response_starts()
    {
        const string address = "203.0.113.9";
        using var attempts = new FailedKeyAttempts(Options.Create(new RateLimitingOptions { FailedKeyAttemptsPerMinute = 1 }));
        var response = new StartableResponse();
        var http = new DefaultHttpContext();
        http.Features.Set<IHttpResponseFeature>(response);
        http.Request.Headers[ApiKeys.Header] = "cc_guessed";
        http.Connection.RemoteIpAddress = IPAddress.Parse(address);
        bool? nextGuessAllowedWhenResponseStarted = null;
        var middleware = new FailedKeyAttemptsMiddleware(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await response.StartAsync();
            nextGuessAllowedWhenResponseStarted = attempts.MayTry(address, out _);
        }, NullLogger<FailedKeyAttemptsMiddleware>.Instance, NullRedactorProvider.Instance);

        await middleware.InvokeAsync(http, attempts);

        nextGuessAllowedWhenResponseStarted.ShouldBe(false);
        attempts.MayTry(address, out _).ShouldBeFalse();
    }

    // What a server does when the first byte goes out: the OnStarting callbacks, last registered first.
    private sealed class StartableResponse : HttpResponseFeature
    {
        private readonly List<(Func<object, Task> Callback, object State)> _starting = [];
        private bool _started;

        public override bool HasStarted => _started;

        public override void OnStarting(Func<object, Task> callback, object state) => _starting.Add((callback, state));

        public async Task StartAsync()
        {
            for (var i = _starting.Count - 1; i >= 0; i--) await _starting[i].Callback(_starting[i].State);
            _started = true;
        }
    }
}
