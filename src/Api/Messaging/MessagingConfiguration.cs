namespace ChiroClick.Api.Messaging;

/// <summary>Service registration of the message channels.</summary>
public static class MessagingConfiguration
{
    /// <summary>Name of the <see cref="IHttpClientFactory"/> client of <see cref="HttpSmsSender"/>.</summary>
    public const string SmsHttpClient = "sms-provider";

    /// <summary>
    /// Registers the typed, start-up-validated settings <see cref="SmtpSettings"/> (<c>Smtp</c>) and <see cref="SmsSettings"/>
    /// (<c>Sms</c>), <see cref="IEmailSender"/> (SMTP when <c>Smtp:Host</c> is set, else outbox) and <see cref="ISmsSender"/> (HTTP
    /// through <see cref="IHttpClientFactory"/> when <c>Sms:Url</c> is set, else outbox), each chosen from the bound settings, and
    /// the workflow step send_message (<see cref="SendMessageStep"/>).
    /// </summary>
    public static IServiceCollection AddChiroClickMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmtpSettings>().Bind(configuration.GetSection("Smtp"))
            .Validate(s => !s.Problems().Any(), "Invalid Smtp settings: Smtp:Port 1..65535, Smtp:From an address, Smtp:Password only with Smtp:UserName.")
            .ValidateOnStart();
        services.AddOptions<SmsSettings>().Bind(configuration.GetSection("Sms"))
            .Validate(s => !s.Problems().Any(), "Invalid Sms settings: Sms:TimeoutSeconds 1..300, Sms:Url an absolute http(s) URL.")
            .ValidateOnStart();
        services.AddSingleton<IEmailSender>(EmailSender);
        // The sender enforces Sms:TimeoutSeconds itself (and turns it into a retried HttpRequestException).
        services.AddHttpClient(SmsHttpClient, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<ISmsSender>(SmsSender);
        services.AddSingleton<Workflows.IWorkflowStep, SendMessageStep>();
        return services;
    }

    /// <summary>SMTP when <see cref="SmtpSettings.Host"/> is set, else the outbox.</summary>
    private static IEmailSender EmailSender(IServiceProvider sp)
    {
        var smtp = sp.GetRequiredService<IOptions<SmtpSettings>>().Value;
        return string.IsNullOrWhiteSpace(smtp.Host) ? new OutboxEmailSender() : new SmtpEmailSender(smtp);
    }

    /// <summary>HTTP (<see cref="HttpSmsSender"/>) when <see cref="SmsSettings.Url"/> is set, else the outbox.</summary>
    private static ISmsSender SmsSender(IServiceProvider sp) =>
        string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<SmsSettings>>().Value.Url)
            ? new OutboxSmsSender()
            : ActivatorUtilities.CreateInstance<HttpSmsSender>(sp);
}
