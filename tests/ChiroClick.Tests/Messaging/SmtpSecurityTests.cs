using ChiroClick.Api.Messaging;
using ChiroClick.Tests.Infrastructure;
using MailKit.Security;

namespace ChiroClick.Tests.Messaging;

/// <summary>SMTP transport security and authentication against a real (plaintext-only) SMTP server.</summary>
public sealed class SmtpSecurityTests : IAsyncLifetime
{
    private readonly TestSmtp open = new();
    private readonly TestSmtp withLogin = new("klinikk", "hemmelig");

    public Task InitializeAsync()
    {
        open.Start();
        withLogin.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await open.DisposeAsync();
        await withLogin.DisposeAsync();
    }

    private static EmailMessage Mail() => new(Guid.NewGuid(), "kari@example.no", "Time", "Hei Kari");

    [Fact]
    public async Task A_server_without_STARTTLS_is_refused_unless_AllowPlaintext()
    {
        var strict = new SmtpEmailSender(new SmtpSettings { Host = "127.0.0.1", Port = open.Port });
        await Should.ThrowAsync<NotSupportedException>(() => strict.SendAsync(Mail(), CancellationToken.None));
        open.Received.ShouldBeEmpty("nothing crossed the network in clear");

        var development = new SmtpEmailSender(new SmtpSettings { Host = "127.0.0.1", Port = open.Port, AllowPlaintext = true });
        (await development.SendAsync(Mail(), CancellationToken.None)).ShouldBeTrue();
        open.Received.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Smtp_UserName_and_Password_authenticate_and_wrong_ones_are_refused()
    {
        SmtpSettings Settings(string? user, string? pass) =>
            new() { Host = "127.0.0.1", Port = withLogin.Port, AllowPlaintext = true, UserName = user, Password = pass };

        (await new SmtpEmailSender(Settings("klinikk", "hemmelig")).SendAsync(Mail(), CancellationToken.None)).ShouldBeTrue();
        withLogin.Logins.ShouldBe(["klinikk"]);
        await Should.ThrowAsync<AuthenticationException>(() => new SmtpEmailSender(Settings("klinikk", "feil")).SendAsync(Mail(), CancellationToken.None));
        await Should.ThrowAsync<MailKit.ServiceNotAuthenticatedException>(() => new SmtpEmailSender(Settings(null, null)).SendAsync(Mail(), CancellationToken.None));
        withLogin.Received.Count.ShouldBe(1);
    }
}
