using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ChiroClick.Api.Access;

/// <summary>
/// For local development only: when <c>Auth:DevelopmentApiKey</c> is configured (scripts/run.sh does
/// this), makes sure that key belongs to a "Development clinic", and prints the base URL, the
/// interactive API page and the key once the server listens.
/// </summary>
public static class DevelopmentClinic
{
    /// <summary>Configuration key of the development API key.</summary>
    public const string KeySetting = "Auth:DevelopmentApiKey";

    /// <summary>Registers the start-up hook when a development key is configured.</summary>
    public static void UseDevelopmentClinic(this WebApplication app)
    {
        var key = app.Configuration[KeySetting];
        if (string.IsNullOrWhiteSpace(key)) return;

        // ApplicationStarted callbacks are synchronous: the store calls run on their own task instead of blocking it.
        app.Lifetime.ApplicationStarted.Register(() => _ = AnnounceAsync(app, key));
    }

    private static async Task AnnounceAsync(WebApplication app, string key)
    {
        try
        {
            var store = app.Services.GetRequiredService<IDocumentStore>();
            var existing = await ApiKeys.FindAsync(store, key);
            var clinicId = existing?.ClinicId
                           ?? (await ApiKeys.RegisterClinicAsync(store, "Development clinic", "developer", key)).ClinicId;

            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            var baseUrl = addresses?.FirstOrDefault()?.TrimEnd('/') ?? "http://localhost:5080";
            Console.WriteLine();
            Console.WriteLine("ChiroClick API is running");
            Console.WriteLine($"  Base URL:        {baseUrl}");
            Console.WriteLine($"  API page:        {baseUrl}/scalar");
            Console.WriteLine($"  OpenAPI:         {baseUrl}/openapi/v1.json");
            Console.WriteLine($"  Health:          {baseUrl}/health");
            Console.WriteLine($"  Clinic id:       {clinicId}");
            Console.WriteLine($"  Dev API key:     {key}   (header X-Api-Key)");
            Console.WriteLine($"  Try:             curl -H 'X-Api-Key: {key}' {baseUrl}/api/v1/crm/leads");
            Console.WriteLine();
        }
        catch (Exception e)
        {
            app.Logger.LogError(e, "The development clinic could not be registered");
        }
    }
}
