using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using ChiroClick.Api.Campaigns;

namespace ChiroClick.Api.Messaging;

/// <summary>Settings of config section <c>Smtp</c>; e-mail is sent only when <see cref="Host"/> is set. Checked at start-up.</summary>
public sealed class SmtpSettings
{
    /// <summary>SMTP server host name; null or empty = e-mail kept in the outbox table only.</summary>
    public string? Host { get; set; }
    /// <summary>TCP port (25, 587, 465...), 1..65535.</summary>
    public int Port { get; set; } = 25;
    /// <summary>Sender address ("Klinikk &lt;post@klinikk.no&gt;" or a bare address).</summary>
    public string From { get; set; } = "noreply@chiroclick.local";
    /// <summary>true = TLS from the start (port 465); false = STARTTLS, required unless <see cref="AllowPlaintext"/>.</summary>
    public bool UseSsl { get; set; }
    /// <summary>
    /// Development only: send without TLS when the server offers no STARTTLS. Default false: a server without STARTTLS is refused
    /// (the message fails and lands in the dead letters), because patients' names and health-related text must not cross the
    /// network in clear.
    /// </summary>
    public bool AllowPlaintext { get; set; }
    /// <summary>User name to authenticate with (SMTP AUTH), or null for none.</summary>
    public string? UserName { get; set; }
    /// <summary>Password of <see cref="UserName"/>.</summary>
    public string? Password { get; set; }

    /// <summary>Start-up validation: the problems of these settings, empty when fine.</summary>
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Host)) yield break;
        if (Port is < 1 or > 65535) yield return "Smtp:Port must be between 1 and 65535.";
        if (!MailboxAddress.TryParse(From, out _)) yield return "Smtp:From is not an e-mail address.";
        if (!string.IsNullOrEmpty(Password) && string.IsNullOrWhiteSpace(UserName)) yield return "Smtp:Password is set without Smtp:UserName.";
    }
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
    /// <see cref="SmtpProtocolException"/>, <see cref="IOException"/> or socket errors, which the handler retries;
    /// <see cref="NotSupportedException"/> when the server offers no STARTTLS and plaintext is not allowed, and
    /// <see cref="AuthenticationException"/> for refused credentials (not retried: dead letter).
    /// </summary>
    Task<bool> SendAsync(EmailMessage message, CancellationToken ct);
}

/// <summary>
/// E-mail over SMTP with MailKit, one connection per message (campaign sends go one at a time): TLS on connect with
/// <c>Smtp:UseSsl</c>, otherwise STARTTLS, which is required unless <c>Smtp:AllowPlaintext</c>; SMTP AUTH when
/// <c>Smtp:UserName</c> is set.
/// </summary>
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
        var security = settings.UseSsl ? SecureSocketOptions.SslOnConnect
            : settings.AllowPlaintext ? SecureSocketOptions.StartTlsWhenAvailable
            : SecureSocketOptions.StartTls; // MailKit throws NotSupportedException when the server offers no STARTTLS
        await client.ConnectAsync(settings.Host!, settings.Port, security, ct);
        if (!string.IsNullOrWhiteSpace(settings.UserName)) await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", ct);
        try
        {
            await client.SendAsync(message, ct);
        }
        catch (SmtpCommandException ex)
        {
            // The server's reply often quotes the recipient ("<kari@…>: Recipient address rejected"); Wolverine logs and
            // dead-letters exception messages, so the same exception type (retry rules match it) goes on with codes only.
            throw new SmtpCommandException(ex.ErrorCode, ex.StatusCode, $"SMTP {(int)ex.StatusCode} {ex.StatusCode} ({ex.ErrorCode})");
        }
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

/// <summary>Settings of config section <c>Sms</c> for <see cref="HttpSmsSender"/>. Checked at start-up.</summary>
public sealed class SmsSettings
{
    /// <summary>Provider URL receiving <c>POST {"id": "…", "to": "+4799887766", "body": "..."}</c> as JSON; null = <see cref="OutboxSmsSender"/>.</summary>
    public string? Url { get; set; }
    /// <summary>Bearer token sent as <c>Authorization: Bearer &lt;token&gt;</c>, or null.</summary>
    public string? Token { get; set; }
    /// <summary>Seconds to wait for the provider's answer (1..300, default 15); a timeout is retried like a 5xx.</summary>
    public int TimeoutSeconds { get; set; } = 15;

    /// <summary>Start-up validation: the problems of these settings, empty when fine.</summary>
    public IEnumerable<string> Problems()
    {
        if (TimeoutSeconds is < 1 or > 300) yield return "Sms:TimeoutSeconds must be between 1 and 300.";
        if (!string.IsNullOrWhiteSpace(Url) && (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            yield return "Sms:Url must be an absolute http(s) URL.";
    }
}

/// <summary>
/// Generic HTTP SMS provider adapter: JSON POST of <c>{id, to, body}</c> to <see cref="SmsSettings.Url"/> with an optional bearer
/// token and an <c>Idempotency-Key</c> header (the message id, the same on every retry, so a provider that honours it never
/// sends twice); a client per send from <see cref="IHttpClientFactory"/>. Any non-2xx answer, and no answer within <see cref="SmsSettings.TimeoutSeconds"/>, throws
/// <see cref="HttpRequestException"/>, which the handlers retry. The named client <see cref="MessagingConfiguration.SmsHttpClient"/>
/// pools connections and still sees DNS changes.
/// </summary>
public sealed class HttpSmsSender(IHttpClientFactory clients, IOptions<SmsSettings> options) : ISmsSender
{
    /// <inheritdoc />
    public async Task<bool> SendAsync(SmsMessage sms, CancellationToken ct)
    {
        var settings = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url)
        {
            Content = JsonContent.Create(new { id = sms.Id, to = sms.To, body = sms.Body }),
        };
        request.Headers.Add("Idempotency-Key", sms.Id.ToString());
        if (!string.IsNullOrEmpty(settings.Token)) request.Headers.Authorization = new("Bearer", settings.Token);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        try
        {
            using var response = await clients.CreateClient(MessagingConfiguration.SmsHttpClient).SendAsync(request, timeout.Token);
            response.EnsureSuccessStatusCode();
            return true;
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            // A provider that does not answer is as unavailable as one answering 503: same retries.
            throw new HttpRequestException($"The SMS provider did not answer within {settings.TimeoutSeconds} s.", new TimeoutException(ex.Message, ex));
        }
    }
}
