using System.Net.Http.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace ChiroClick.Api.Campaigns;

/// <summary>Settings of config section <c>Smtp</c>; e-mail is sent only when <see cref="Host"/> is set.</summary>
public sealed class SmtpSettings
{
    /// <summary>SMTP server host name; null or empty = e-mail kept in the outbox table only.</summary>
    public string? Host { get; set; }
    /// <summary>TCP port (25, 587, 465...).</summary>
    public int Port { get; set; } = 25;
    /// <summary>Sender address ("Klinikk &lt;post@klinikk.no&gt;" or a bare address).</summary>
    public string From { get; set; } = "noreply@chiroclick.local";
    /// <summary>true = TLS from the start (port 465); false = STARTTLS when the server offers it.</summary>
    public bool UseSsl { get; set; }
}

/// <summary>Sends one e-mail.</summary>
public interface IEmailSender
{
    /// <summary>
    /// Sends; true when handed to a server, false when kept in the outbox table only. Throws <see cref="SmtpCommandException"/>,
    /// <see cref="SmtpProtocolException"/>, <see cref="IOException"/> or socket errors, which the handler retries.
    /// </summary>
    Task<bool> SendAsync(string to, string subject, string body, CancellationToken ct);
}

/// <summary>E-mail over SMTP with MailKit, one connection per message (campaign sends go one at a time).</summary>
public sealed class SmtpEmailSender(SmtpSettings settings) : IEmailSender
{
    /// <inheritdoc />
    public async Task<bool> SendAsync(string to, string subject, string body, CancellationToken ct)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body };
        using var client = new SmtpClient();
        await client.ConnectAsync(settings.Host!, settings.Port, settings.UseSsl ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable, ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
        return true;
    }
}

/// <summary>Default e-mail channel while <c>Smtp:Host</c> is unset: the message stays in the outbox table.</summary>
public sealed class OutboxEmailSender : IEmailSender
{
    /// <inheritdoc />
    public Task<bool> SendAsync(string to, string subject, string body, CancellationToken ct) => Task.FromResult(false);
}

/// <summary>Sends one text message.</summary>
public interface ISmsSender
{
    /// <summary>Whether the message reached a provider (false = kept only in the outbox table for a later provider).</summary>
    Task<bool> SendAsync(string to, string body, CancellationToken ct);
}

/// <summary>
/// Default SMS channel while no provider is configured: sends nothing; the message stays in the <see cref="CampaignOutboxMessage"/>
/// table (written by the send handler for every message) with <c>Dispatched = false</c>, so nothing is lost.
/// </summary>
public sealed class OutboxSmsSender : ISmsSender
{
    /// <inheritdoc />
    public Task<bool> SendAsync(string to, string body, CancellationToken ct) => Task.FromResult(false);
}

/// <summary>Settings of config section <c>Sms</c> for <see cref="HttpSmsSender"/>.</summary>
public sealed class SmsSettings
{
    /// <summary>Provider URL receiving <c>POST {"to": "+4799887766", "body": "..."}</c> as JSON; null = <see cref="OutboxSmsSender"/>.</summary>
    public string? Url { get; set; }
    /// <summary>Bearer token sent as <c>Authorization: Bearer &lt;token&gt;</c>, or null.</summary>
    public string? Token { get; set; }
}

/// <summary>
/// Generic HTTP SMS provider adapter: JSON POST of <c>{to, body}</c> to <see cref="SmsSettings.Url"/> with an optional bearer
/// token; any non-2xx answer throws <see cref="HttpRequestException"/> (retried by the handler).
/// </summary>
public sealed class HttpSmsSender(HttpClient http, SmsSettings settings) : ISmsSender
{
    /// <inheritdoc />
    public async Task<bool> SendAsync(string to, string body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url) { Content = JsonContent.Create(new { to, body }) };
        if (!string.IsNullOrEmpty(settings.Token)) request.Headers.Authorization = new("Bearer", settings.Token);
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        return true;
    }
}

/// <summary>Service registration of the campaign channels.</summary>
public static class CampaignChannels
{
    /// <summary>Registers <see cref="IEmailSender"/> (SMTP when <c>Smtp:Host</c> is set, else outbox) and <see cref="ISmsSender"/> (HTTP when <c>Sms:Url</c> is set, else outbox).</summary>
    public static IServiceCollection AddChiroClickCampaigns(this IServiceCollection services, IConfiguration configuration)
    {
        var smtp = configuration.GetSection("Smtp").Get<SmtpSettings>() ?? new SmtpSettings();
        if (!string.IsNullOrWhiteSpace(smtp.Host)) services.AddSingleton<IEmailSender>(new SmtpEmailSender(smtp));
        else services.AddSingleton<IEmailSender, OutboxEmailSender>();
        var sms = configuration.GetSection("Sms").Get<SmsSettings>() ?? new SmsSettings();
        if (!string.IsNullOrWhiteSpace(sms.Url)) services.AddSingleton<ISmsSender>(_ => new HttpSmsSender(new HttpClient(), sms));
        else services.AddSingleton<ISmsSender, OutboxSmsSender>();
        return services;
    }
}
