using JasperFx.CommandLine;
using Marten;

namespace ChiroClick.Api.Access;

/// <summary>Arguments of the <c>clinics</c> command.</summary>
public class ClinicsInput : NetCoreInput
{
    /// <summary>add | key | webhook-secret</summary>
    [Description("add: register a clinic; key: issue another API key; webhook-secret: print the clinic's webhook secret")]
    public string Action { get; set; } = "";

    /// <summary>Clinic name (add) or clinic id (key).</summary>
    [Description("The clinic's name (add) or its id (key)")]
    public string Clinic { get; set; } = "";

    /// <summary>User the key acts as.</summary>
    [Description("The user the key acts as (recorded on every event)")]
    public string User { get; set; } = "admin";

    /// <summary>webhook-secret: issue a new secret, invalidating the old one.</summary>
    [Description("webhook-secret: issue a new secret (the old one stops verifying at once)")]
    public bool RotateFlag { get; set; }
}

/// <summary>
/// <c>clinics add "&lt;clinic name&gt;"</c> registers a clinic (ClinicRegistered) and prints its id and a
/// new API key; <c>clinics key &lt;clinicId&gt; &lt;user&gt;</c> issues another key. Keys are shown once and
/// stored only as SHA-256 hashes. <c>clinics webhook-secret &lt;clinicId&gt; [--rotate]</c> prints the clinic's webhook signing
/// secret (issuing one when it has none, or a new one with <c>--rotate</c>).
/// </summary>
[Description("Register clinics and issue API keys", Name = "clinics")]
public class ClinicsCommand : JasperFxAsyncCommand<ClinicsInput>
{
    /// <summary>Declares the two usages.</summary>
    public ClinicsCommand()
    {
        Usage("Register a clinic and print its first API key").Arguments(x => x.Action, x => x.Clinic);
        Usage("Issue another API key for a clinic's user").Arguments(x => x.Action, x => x.Clinic, x => x.User);
    }

    /// <inheritdoc />
    public override async Task<bool> Execute(ClinicsInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        switch (input.Action.Trim().ToLowerInvariant())
        {
            case "add":
                if (string.IsNullOrWhiteSpace(input.Clinic))
                {
                    Console.Error.WriteLine("Give the clinic's name: clinics add \"Kiropraktor Nord AS\"");
                    return false;
                }
                var (clinicId, key) = await ApiKeys.RegisterClinicAsync(store, input.Clinic, input.User);
                Console.WriteLine($"Clinic registered: {input.Clinic.Trim()}");
                Console.WriteLine($"Clinic id: {clinicId}");
                Console.WriteLine($"API key for user '{input.User}' (shown once, send it as X-Api-Key): {key}");
                return true;

            case "key":
                if (!Guid.TryParse(input.Clinic, out var id))
                {
                    Console.Error.WriteLine($"'{input.Clinic}' is not a clinic id (a UUID printed by 'clinics add').");
                    return false;
                }
                var newKey = await ApiKeys.IssueKeyAsync(store, id, input.User);
                if (newKey is null)
                {
                    Console.Error.WriteLine($"No clinic with id {id}.");
                    return false;
                }
                Console.WriteLine($"API key for user '{input.User}' of clinic {id} (shown once): {newKey}");
                return true;

            case "webhook-secret":
                return await Webhooks.WebhookSecretCommand.RunAsync(host.Services, input.Clinic, input.RotateFlag);

            default:
                Console.Error.WriteLine("Usage: clinics add \"<clinic name>\" | clinics key <clinicId> <user> | clinics webhook-secret <clinicId> [--rotate]");
                return false;
        }
    }
}
