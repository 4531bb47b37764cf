using ChiroClick.Api.Webhooks;

namespace ChiroClick.Api.Tools;

/// <summary><c>clinics webhook-secret &lt;clinicId&gt; [--rotate]</c>.</summary>
public static class WebhookSecretCommand
{
    /// <summary>
    /// Prints the clinic's <c>whsec_…</c> secret to standard output (alone on its line, for scripts), issuing one first when the
    /// clinic has none or <paramref name="rotate"/> is set. False (exit code 1) for a malformed or unknown clinic id.
    /// </summary>
    public static async Task<bool> RunAsync(IServiceProvider services, string clinic, bool rotate)
    {
        if (!Guid.TryParse(clinic, out var clinicId))
        {
            Console.Error.WriteLine($"'{clinic}' is not a clinic id (a UUID printed by 'clinics add').");
            return false;
        }
        var secret = await services.GetRequiredService<WebhookSecrets>().GetOrIssueAsync(clinicId, rotate, "cli");
        if (secret is null)
        {
            Console.Error.WriteLine($"No clinic with id {clinicId}.");
            return false;
        }
        Console.Error.WriteLine(rotate
            ? $"New webhook secret of clinic {clinicId}; the previous one no longer verifies. Give it to the providers:"
            : $"Webhook secret of clinic {clinicId} (Standard Webhooks; sign POST /api/v1/webhooks/{clinicId}/sms|delivery):");
        Console.WriteLine(secret);
        return true;
    }
}
