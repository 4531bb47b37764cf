using System.Net;
using System.Text;
using System.Text.Json;
using Alba;
using ChiroClick.Api.Webhooks;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using StandardWebhooks;

namespace ChiroClick.Tests.Webhooks;

/// <summary>A provider calling a signed webhook: exact body bytes, Standard Webhooks headers.</summary>
public static class WebhookScenarios
{
    public static Task<string> WebhookSecret(this IAlbaHost host, Guid clinicId, bool rotate = false) =>
        host.Services.GetRequiredService<WebhookSecrets>().GetOrIssueAsync(clinicId, rotate, "test")!;

    /// <summary>POSTs <paramref name="body"/> (serialised once, signed as sent) to <c>/api/v1/webhooks/{clinicId}/{kind}</c>.</summary>
    public static async Task<(HttpStatusCode Status, string Body, string? ContentType)> SignedWebhook(this IAlbaHost host, Guid clinicId,
        string kind, object body, string? secret, string? id = null, DateTimeOffset? timestamp = null, Action<HttpRequestMessage>? tamper = null)
    {
        var json = body as string ?? JsonSerializer.Serialize(body, JsonSerializerOptions.Web);
        id ??= "msg_" + Guid.NewGuid().ToString("N");
        var at = timestamp ?? DateTimeOffset.UtcNow;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/webhooks/{clinicId}/{kind}")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", at.ToUnixTimeSeconds().ToString());
        if (secret is not null) request.Headers.Add("webhook-signature", new StandardWebhook(secret).Sign(id, at, json));
        tamper?.Invoke(request);
        using var client = host.Server.CreateClient();
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Number of events stored for the clinic.</summary>
    public static async Task<int> EventCount(this IDocumentStore store, Guid clinicId)
    {
        await using var session = store.QuerySession(clinicId.ToString());
        return await session.Events.QueryAllRawEvents().CountAsync();
    }
}
