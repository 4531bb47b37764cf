using System.Diagnostics;

namespace ChiroClick.Api.Infrastructure;

/// <summary>
/// Makes ASP.NET Core start an <see cref="Activity"/> for every request, continuing the caller's W3C
/// <c>traceparent</c> when it sends one. Wolverine takes the activity's trace id as the correlation id it stores on
/// every event the request appends (<c>mt_events.correlation_id</c>) and on the messages it cascades to, so a caller,
/// an auditor or an operator can tie a request to exactly the events it caused. ASP.NET only starts that activity
/// when something listens (an OpenTelemetry exporter, or its own diagnostics logging, which appsettings.json turns
/// off because it writes full URLs): this listener is that something, and records nothing itself.
/// </summary>
public sealed class RequestTracing : IDisposable
{
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
    };

    /// <summary>Starts listening.</summary>
    public RequestTracing() => ActivitySource.AddActivityListener(_listener);

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();
}

/// <summary>Registration of <see cref="RequestTracing"/>.</summary>
public static class RequestTracingConfiguration
{
    /// <summary>Registers the listener as a singleton, created with the host.</summary>
    public static IServiceCollection AddRequestTracing(this IServiceCollection services) =>
        services.AddSingleton<RequestTracing>().AddHostedService<RequestTracingStarter>();

    // Resolving the singleton at start-up is what starts the listener.
    private sealed class RequestTracingStarter(RequestTracing tracing) : IHostedService
    {
        public RequestTracing Tracing { get; } = tracing;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
