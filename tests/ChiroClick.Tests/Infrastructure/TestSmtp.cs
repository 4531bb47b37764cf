using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace ChiroClick.Tests.Infrastructure;

/// <summary>A real in-process SMTP server (SmtpServer package) on a fixed random loopback port; can be stopped to simulate an outage.</summary>
public sealed class TestSmtp(string? userName = null, string? password = null) : IAsyncDisposable
{
    /// <summary>Successful SMTP AUTH logins (only when the server was made with credentials, which it then requires).</summary>
    public ConcurrentQueue<string> Logins { get; } = new();

    public int Port { get; } = FreePort();
    public ConcurrentQueue<MimeMessage> Received { get; } = new();
    private SmtpServer.SmtpServer? server;
    private CancellationTokenSource? cts;
    private Task? running;

    public bool Running => server is not null;

    public void Start()
    {
        if (server is not null) return;
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(b =>
            {
                b.Endpoint(new IPEndPoint(IPAddress.Loopback, Port));
                if (userName is not null) b.AuthenticationRequired().AllowUnsecureAuthentication();
            }).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(Received));
        if (userName is not null)
            services.Add(new SmtpServer.Authentication.DelegatingUserAuthenticator((user, pass) =>
            {
                var ok = user == userName && pass == password;
                if (ok) Logins.Enqueue(user);
                return ok;
            }));
        server = new SmtpServer.SmtpServer(options, services);
        cts = new CancellationTokenSource();
        running = server.StartAsync(cts.Token);
    }

    public async Task StopAsync()
    {
        if (server is null) return;
        server.Shutdown();
        cts!.Cancel();
        try { await running!; } catch (OperationCanceledException) { }
        server = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class Store(ConcurrentQueue<MimeMessage> received) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
