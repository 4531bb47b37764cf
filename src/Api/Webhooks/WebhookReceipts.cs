using System.Security.Claims;
using ChiroClick.Domain.Clinics;
using Microsoft.AspNetCore.Authentication;

namespace ChiroClick.Api.Webhooks;

/// <summary>
/// A processed signed webhook, per clinic (tenanted document, id = the provider's <c>webhook-id</c>): a redelivery with the same
/// id is answered 200 with nothing appended. Written in the same Marten transaction as the events it caused, and only when the
/// webhook succeeded, so a refused delivery (4xx) can be retried by the provider.
/// </summary>
public sealed class WebhookReceipt
{
    /// <summary>The <c>webhook-id</c> header.</summary>
    public string Id { get; set; } = "";
    /// <summary>Which webhook: <c>sms</c>, <c>delivery</c> or <c>telephony</c> (stored snake_case, as the strings it replaced).</summary>
    public WebhookKind Kind { get; set; }
    /// <summary>When it was processed.</summary>
    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>The signed webhooks.</summary>
public enum WebhookKind
{
    /// <summary><c>POST /api/v1/webhooks/{clinicId}/sms</c>: an inbound SMS.</summary>
    Sms,
    /// <summary><c>POST /api/v1/webhooks/{clinicId}/delivery</c>: a campaign delivery report.</summary>
    Delivery,
    /// <summary><c>POST /api/v1/webhooks/{clinicId}/telephony</c>: a call event.</summary>
    Telephony,
}

/// <summary>Answer to a webhook whose <c>webhook-id</c> was processed before: nothing was appended.</summary>
/// <param name="WebhookId">The repeated id.</param>
/// <param name="Duplicate">Always true.</param>
public sealed record WebhookDuplicate(string WebhookId, bool Duplicate = true);

/// <summary>Dedupe of signed webhooks by <c>webhook-id</c>.</summary>
public static class WebhookReceipts
{
    /// <summary>The verified <c>webhook-id</c> of the request.</summary>
    public static string IdOf(ClaimsPrincipal user) =>
        user.FindFirst(WebhookSignatureAuthentication.WebhookIdClaim)?.Value
        ?? throw new InvalidOperationException("Not a verified webhook request.");

    /// <summary>Whether the request's <c>webhook-id</c> was processed before for the session's clinic.</summary>
    public static async Task<bool> SeenAsync(IQuerySession session, ClaimsPrincipal user, CancellationToken ct) =>
        await session.LoadAsync<WebhookReceipt>(IdOf(user), ct) is not null;

    /// <summary>
    /// Records the request's <c>webhook-id</c> in the session (committed with the webhook's events). Insert, not upsert: two
    /// deliveries of one id racing each other make one commit and one unique-key failure, answered 409 by
    /// <see cref="DuplicateWebhookExceptionHandler"/>, and the provider's retry then gets the 200 duplicate answer.
    /// </summary>
    public static void Record(IDocumentSession session, ClaimsPrincipal user, WebhookKind kind, TimeProvider clock) =>
        session.Insert(new WebhookReceipt { Id = IdOf(user), Kind = kind, ReceivedAt = clock.GetUtcNow() });
}

/// <summary>Registration of the signed webhooks.</summary>
public static class WebhooksConfiguration
{
    /// <summary>Marten: the secret-issued event, the single-tenanted secret lookup and the tenanted receipts.</summary>
    public static void ConfigureWebhooks(this StoreOptions opts)
    {
        opts.Events.AddEventType<ClinicWebhookSecretIssued>();
        opts.AddInline<Projections.Access.WebhookSecretProjection>();
        opts.Schema.For<Projections.Access.WebhookSecretRecord>().SingleTenanted();
        opts.Schema.For<WebhookReceipt>();
    }

    /// <summary>The signature authentication scheme and the secrets service.</summary>
    public static IServiceCollection AddChiroClickWebhooks(this IServiceCollection services)
    {
        services.AddSingleton<WebhookSecrets>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, WebhookSignatureAuthentication>(WebhookSignatureAuthentication.SchemeName, null);
        services.AddExceptionHandler<DuplicateWebhookExceptionHandler>();
        return services;
    }
}
