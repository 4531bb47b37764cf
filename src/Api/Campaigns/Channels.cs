using System.Net.Http.Json;
using MailKit.Net.Smtp;
using Microsoft.AspNetCore.DataProtection;
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

/// <summary>One e-mail to send.</summary>
/// <param name="Id">Deterministic id of the message (= its CommunicationLogged stream); becomes the <c>Message-Id</c> header
/// <c>&lt;{id}@chiroclick&gt;</c>, so a retry after an unrecorded SMTP accept carries the same id and receivers can drop it.</param>
/// <param name="To">Recipient address.</param>
/// <param name="Subject">Subject.</param>
/// <param name="Body">Plain-text body.</param>
/// <param name="UnsubscribeUrl">Signed opt-out link for the <c>List-Unsubscribe</c> and <c>List-Unsubscribe-Post</c> headers
/// (RFC 2369, RFC 8058 one-click), or null for care messages.</param>
/// <param name="Attachment">One attachment (e.g. an appointment's <c>.ics</c>), or null.</param>
public sealed record EmailMessage(Guid Id, string To, string Subject, string Body, string? UnsubscribeUrl = null, EmailAttachment? Attachment = null);

/// <summary>A file attached to an e-mail.</summary>
/// <param name="FileName">File name shown to the recipient, e.g. "time.ics".</param>
/// <param name="MediaType">MIME type, e.g. "text/calendar; method=REQUEST".</param>
/// <param name="Content">The bytes.</param>
public sealed record EmailAttachment(string FileName, string MediaType, byte[] Content);

/// <summary>One text message to send.</summary>
/// <param name="Id">Deterministic id of the message, sent to providers as the idempotency key.</param>
/// <param name="To">E.164 phone number.</param>
/// <param name="Body">Text.</param>
public sealed record SmsMessage(Guid Id, string To, string Body);

/// <summary>Sends one e-mail.</summary>
public interface IEmailSender
{
    /// <summary>
    /// Sends; true when the SMTP server accepted it, false when kept in the outbox table only. Throws <see cref="SmtpCommandException"/>,
    /// <see cref="SmtpProtocolException"/>, <see cref="IOException"/> or socket errors, which the handler retries.
    /// </summary>
    Task<bool> SendAsync(EmailMessage message, CancellationToken ct);
}

/// <summary>E-mail over SMTP with MailKit, one connection per message (campaign sends go one at a time).</summary>
public sealed class SmtpEmailSender(SmtpSettings settings) : IEmailSender
{
    /// <inheritdoc />
    public async Task<bool> SendAsync(EmailMessage email, CancellationToken ct)
    {
        var message = new MimeMessage { MessageId = $"{email.Id:N}@chiroclick" };
        message.From.Add(MailboxAddress.Parse(settings.From));
        message.To.Add(MailboxAddress.Parse(email.To));
        message.Subject = email.Subject;
        if (email.UnsubscribeUrl is { } url)
        {
            message.Headers.Add("List-Unsubscribe", $"<{url}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        var text = new TextPart("plain") { Text = email.Body };
        if (email.Attachment is { } file)
        {
            var builder = new BodyBuilder { TextBody = email.Body };
            builder.Attachments.Add(file.FileName, file.Content, ContentType.Parse(file.MediaType));
            message.Body = builder.ToMessageBody();
        }
        else message.Body = text;
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
    public Task<bool> SendAsync(EmailMessage message, CancellationToken ct) => Task.FromResult(false);
}

/// <summary>Sends one text message.</summary>
public interface ISmsSender
{
    /// <summary>Whether the message reached a provider (false = kept only in the outbox table for a later provider).</summary>
    Task<bool> SendAsync(SmsMessage message, CancellationToken ct);
}

/// <summary>
/// Default SMS channel while no provider is configured: sends nothing; the message stays in the <see cref="CampaignOutboxMessage"/>
/// table (written by the send handler for every message) with <c>Dispatched = false</c>, so nothing is lost.
/// </summary>
public sealed class OutboxSmsSender : ISmsSender
{
    /// <inheritdoc />
    public Task<bool> SendAsync(SmsMessage message, CancellationToken ct) => Task.FromResult(false);
}

/// <summary>Settings of config section <c>Sms</c> for <see cref="HttpSmsSender"/>.</summary>
public sealed class SmsSettings
{
    /// <summary>Provider URL receiving <c>POST {"id": "…", "to": "+4799887766", "body": "..."}</c> as JSON; null = <see cref="OutboxSmsSender"/>.</summary>
    public string? Url { get; set; }
    /// <summary>Bearer token sent as <c>Authorization: Bearer &lt;token&gt;</c>, or null.</summary>
    public string? Token { get; set; }
}

/// <summary>
/// Generic HTTP SMS provider adapter: JSON POST of <c>{id, to, body}</c> to <see cref="SmsSettings.Url"/> with an optional bearer
/// token and an <c>Idempotency-Key</c> header (the message id, the same on every retry, so a provider that honours it never
/// sends twice); any non-2xx answer throws <see cref="HttpRequestException"/> (retried by the handler).
/// </summary>
public sealed class HttpSmsSender(HttpClient http, SmsSettings settings) : ISmsSender
{
    /// <inheritdoc />
    public async Task<bool> SendAsync(SmsMessage sms, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url)
        {
            Content = JsonContent.Create(new { id = sms.Id, to = sms.To, body = sms.Body }),
        };
        request.Headers.Add("Idempotency-Key", sms.Id.ToString());
        if (!string.IsNullOrEmpty(settings.Token)) request.Headers.Authorization = new("Bearer", settings.Token);
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        return true;
    }
}

/// <summary>Service registration of the campaign channels.</summary>
public static class CampaignChannels
{
    /// <summary>
    /// Registers <see cref="IEmailSender"/> (SMTP when <c>Smtp:Host</c> is set, else outbox), <see cref="ISmsSender"/> (HTTP when
    /// <c>Sms:Url</c> is set, else outbox) and <see cref="OptOutLinks"/> on ASP.NET Core Data Protection (key ring in
    /// <c>DataProtection:KeysPath</c> when set, else the platform default, ~/.aspnet/DataProtection-Keys).
    /// </summary>
    public static IServiceCollection AddChiroClickCampaigns(this IServiceCollection services, IConfiguration configuration)
    {
        var protection = services.AddDataProtection().SetApplicationName("ChiroClick");
        if (configuration["DataProtection:KeysPath"] is { Length: > 0 } keys) protection.PersistKeysToFileSystem(new DirectoryInfo(keys));
        services.AddSingleton<OptOutLinks>();
        services.AddSingleton<Surveys.SurveyLinks>();
        var smtp = configuration.GetSection("Smtp").Get<SmtpSettings>() ?? new SmtpSettings();
        if (!string.IsNullOrWhiteSpace(smtp.Host)) services.AddSingleton<IEmailSender>(new SmtpEmailSender(smtp));
        else services.AddSingleton<IEmailSender, OutboxEmailSender>();
        var sms = configuration.GetSection("Sms").Get<SmsSettings>() ?? new SmsSettings();
        if (!string.IsNullOrWhiteSpace(sms.Url)) services.AddSingleton<ISmsSender>(_ => new HttpSmsSender(new HttpClient(), sms));
        else services.AddSingleton<ISmsSender, OutboxSmsSender>();
        return services;
    }
}
