using System.Diagnostics;
using System.Security.Cryptography;
using ChiroClick.AiGateway;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;

namespace ChiroClick.Api.Infrastructure;

/// <summary>
/// Logs without personal data. Levels come from <c>appsettings.json</c> (<c>Logging:LogLevel</c>); on top of them a few
/// categories are pinned in code, after the configuration, so that no setting can turn them up: they write request URLs
/// with query strings (<c>/api/v1/patients?phone=…</c>) or SQL parameters (event bodies). One line per request comes from
/// <see cref="RequestLogMiddleware"/> instead: method, route template, status, elapsed time. A value that must be logged
/// although it is personal (a client address) goes through <see cref="PersonalData"/> redaction: an HMAC, so lines about
/// the same address correlate without showing it.
/// </summary>
public static class PrivateLogging
{
    /// <summary>Category of the per-request line.</summary>
    public const string RequestCategory = "ChiroClick.Requests";

    /// <summary>Configuration key of the base64 HMAC key for redacted values (at least 32 bytes); random per process when unset.</summary>
    public const string HmacKeySetting = "Redaction:HmacKey";

    /// <summary>Classification of personal data (names, phones, e-mail, identity numbers, client addresses).</summary>
    public static readonly DataClassification PersonalData = new("ChiroClick", "PersonalData");

    /// <summary>Categories pinned in code → the most they may log.</summary>
    public static readonly IReadOnlyDictionary<string, LogLevel> Pinned = new Dictionary<string, LogLevel>
    {
        // "Request starting HTTP/1.1 GET http://…/api/v1/patients?phone=%2B4799887766": full URL with the query string.
        ["Microsoft.AspNetCore.Hosting.Diagnostics"] = LogLevel.None,
        ["Microsoft.AspNetCore.HttpLogging"] = LogLevel.None,
        ["Microsoft.AspNetCore.W3CLogging"] = LogLevel.None,
        // Marten logs every command with its parameter values at Debug: event bodies, names, phones.
        ["Marten"] = LogLevel.Information,
        ["Npgsql"] = LogLevel.Information,
    };

    /// <summary>Pins the categories and registers the redactors.</summary>
    public static WebApplicationBuilder AddChiroClickLogging(this WebApplicationBuilder builder)
    {
        foreach (var (category, level) in Pinned) builder.Logging.AddFilter(category, level);
        var configured = builder.Configuration[HmacKeySetting];
        var key = string.IsNullOrWhiteSpace(configured) ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) : configured;
        builder.Services.AddRedaction(r =>
        {
            r.SetHmacRedactor(o =>
            {
                o.Key = key;
                o.KeyId = 1;
            }, new DataClassificationSet(PersonalData));
            r.SetFallbackRedactor<ErasingRedactor>();
        });
        return builder;
    }

    /// <summary>One line per request (method, route template, status, ms), never the path's query string or a body.</summary>
    public static void UseRequestLog(this WebApplication app) => app.UseMiddleware<RequestLogMiddleware>();
}

/// <summary>
/// Logs <c>HTTP GET /api/v1/patients/{id} 200 in 3.1 ms</c> at Information (category <c>ChiroClick.Requests</c>): the
/// route template, never the path or query, so nothing a client put in the URL reaches the log.
/// </summary>
public sealed class RequestLogMiddleware(RequestDelegate next, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger(PrivateLogging.RequestCategory);

    /// <summary>Times the request and logs its line when it has finished.</summary>
    public async Task InvokeAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(http);
        }
        finally
        {
            if (_logger.IsEnabled(LogLevel.Information))
                _logger.LogInformation("HTTP {Method} {Route} {StatusCode} in {ElapsedMs:0.0} ms", http.Request.Method,
                    Audit.AccessLogPolicy.RouteTemplateOf(http) ?? "(no route)", http.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}

/// <summary>Error texts safe to log and store: the exception type and protocol codes, never its message (it may quote data).</summary>
public static class SafeErrors
{
    /// <summary>E.g. <c>SmtpCommandException 550 MailboxUnavailable</c>, <c>HttpRequestException 503</c>, <c>IOException</c>.</summary>
    public static string Describe(Exception ex) => ex switch
    {
        SmtpCommandException smtp => $"{nameof(SmtpCommandException)} {(int)smtp.StatusCode} {smtp.StatusCode}",
        HttpRequestException { StatusCode: { } status } => $"{nameof(HttpRequestException)} {(int)status}",
        AiGatewayException ai => $"{nameof(AiGatewayException)} {ai.Status}",
        _ => ex.GetType().Name,
    };
}
