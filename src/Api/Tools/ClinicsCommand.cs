using ChiroClick.Api.Access;
using ChiroClick.Api.Infrastructure;
using ChiroClick.Domain.Clinics;
using JasperFx.CommandLine;

namespace ChiroClick.Api.Tools;

/// <summary>Arguments of the <c>clinics</c> command.</summary>
public class ClinicsInput : NetCoreInput
{
    /// <summary>add | key | keys | revoke | webhook-secret</summary>
    [Description("add: register a clinic; key: issue an API key; keys: list a clinic's keys; revoke: revoke a key by its prefix; webhook-secret: print the clinic's webhook secret")]
    public string Action { get; set; } = "";

    /// <summary>Clinic name (add) or clinic id (key, keys, revoke).</summary>
    [Description("The clinic's name (add) or its id (key, keys, revoke)")]
    public string Clinic { get; set; } = "";

    /// <summary>The user a key acts as (add, key), or the prefix of the key to revoke (revoke).</summary>
    [Description("The user the key acts as (add, key), or the key prefix (revoke)")]
    public string User { get; set; } = "admin";

    /// <summary>Role of the key (key): admin, clinician, front_desk, marketing, analyst, auditor, exporter, integration.</summary>
    [Description("Role of the new key: admin, clinician, front_desk, marketing, analyst, auditor, exporter, integration")]
    public string RoleFlag { get; set; } = "";

    /// <summary>Days until the new key expires (key); none = never.</summary>
    [Description("Days until the new key expires (1-3650); leave out for a key that does not expire")]
    [FlagAlias("expires-in-days")]
    public int? ExpiresInDaysFlag { get; set; }

    /// <summary>webhook-secret: issue a new secret, invalidating the old one.</summary>
    [Description("webhook-secret: issue a new secret (the old one stops verifying at once)")]
    public bool RotateFlag { get; set; }
}

/// <summary>
/// <c>clinics add "&lt;clinic name&gt;"</c> registers a clinic (ClinicRegistered) and prints its id and an <c>admin</c>
/// key; <c>clinics key &lt;clinicId&gt; &lt;user&gt; --role &lt;role&gt; [--expires-in-days N]</c> issues another key;
/// <c>clinics keys &lt;clinicId&gt;</c> lists the clinic's keys; <c>clinics revoke &lt;clinicId&gt; &lt;keyPrefix&gt;</c>
/// revokes one. Keys are shown once and stored only as SHA-256 hashes. <c>clinics webhook-secret &lt;clinicId&gt; [--rotate]</c>
/// prints the clinic's webhook signing secret (issuing one when it has none, or a new one with <c>--rotate</c>).
/// </summary>
[Description("Register clinics and issue, list and revoke API keys", Name = "clinics")]
public class ClinicsCommand : JasperFxAsyncCommand<ClinicsInput>
{
    /// <summary>Declares the usages.</summary>
    public ClinicsCommand()
    {
        Usage("Register a clinic and print its first (admin) API key, or list a clinic's keys").Arguments(x => x.Action, x => x.Clinic);
        Usage("Issue an API key for a clinic's user (with --role), or revoke a key by its prefix")
            .Arguments(x => x.Action, x => x.Clinic, x => x.User);
    }

    /// <inheritdoc />
    public override async Task<bool> Execute(ClinicsInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        if (input.Action.Trim().Equals("webhook-secret", StringComparison.OrdinalIgnoreCase))
            return await WebhookSecretCommand.RunAsync(host.Services, input.Clinic, input.RotateFlag);
        return await RunAsync(input, store, host.Services.GetService<TimeProvider>() ?? TimeProvider.System, Console.Out, Console.Error);
    }

    /// <summary>Runs the command against <paramref name="store"/>, writing results to <paramref name="output"/> and mistakes to <paramref name="error"/>; false on a mistake.</summary>
    public static async Task<bool> RunAsync(ClinicsInput input, IDocumentStore store, TimeProvider clock, TextWriter output, TextWriter error)
    {
        var action = input.Action.Trim().ToLowerInvariant();
        if (action == "add")
        {
            if (string.IsNullOrWhiteSpace(input.Clinic))
            {
                error.WriteLine("Give the clinic's name: clinics add \"Kiropraktor Nord AS\"");
                return false;
            }
            var (clinicId, key) = await ApiKeys.RegisterClinicAsync(store, input.Clinic, input.User);
            output.WriteLine($"Clinic registered: {input.Clinic.Trim()}");
            output.WriteLine($"Clinic id: {clinicId}");
            output.WriteLine($"API key for user '{input.User}' with role admin (shown once, send it as X-Api-Key): {key}");
            return true;
        }
        if (action is not ("key" or "keys" or "revoke"))
        {
            error.WriteLine("Usage: clinics add \"<clinic name>\" | clinics key <clinicId> <user> --role <role> [--expires-in-days N] | " +
                                    "clinics keys <clinicId> | clinics revoke <clinicId> <keyPrefix> | clinics webhook-secret <clinicId> [--rotate]");
            return false;
        }
        if (!Guid.TryParse(input.Clinic, out var id))
        {
            error.WriteLine($"'{input.Clinic}' is not a clinic id (a UUID printed by 'clinics add').");
            return false;
        }

        switch (action)
        {
            case "key":
                if (!ChiroJson.TryParse<KeyRole>(input.RoleFlag, out var role))
                {
                    error.WriteLine($"Give the key's role with --role: one of {ChiroJson.Known<KeyRole>()}.");
                    return false;
                }
                if (input.ExpiresInDaysFlag is { } days && (days < 1 || days > ApiKeys.MaxExpiresInDays))
                {
                    error.WriteLine($"--expires-in-days must be between 1 and {ApiKeys.MaxExpiresInDays}.");
                    return false;
                }
                if (string.IsNullOrWhiteSpace(input.User) || input.User.Trim().Length > ApiKeys.MaxUserLength)
                {
                    error.WriteLine($"Give the user the key acts as (at most {ApiKeys.MaxUserLength} characters).");
                    return false;
                }
                var issued = await ApiKeys.IssueKeyAsync(store, id, input.User, role, input.ExpiresInDaysFlag, clock);
                if (issued is null)
                {
                    error.WriteLine($"No clinic with id {id}.");
                    return false;
                }
                var expires = issued.ExpiresAt is { } at ? $", expires {at:yyyy-MM-dd HH:mm} UTC" : "";
                output.WriteLine($"API key for user '{issued.User}' of clinic {id}, role {ChiroJson.Wire(role)}{expires} (shown once): {issued.Key}");
                return true;

            case "keys":
                var keys = await ApiKeys.ListAsync(store, id, clock);
                output.WriteLine("prefix    user                 role         created           expires           last used         status");
                foreach (var k in keys)
                    output.WriteLine($"{k.Prefix,-9} {Cut(k.User, 20),-20} {ChiroJson.Wire(k.Role),-12} {Time(k.IssuedAt),-17} {Time(k.ExpiresAt, "never"),-17} {Time(k.LastUsedAt, "never"),-17} {ChiroJson.Wire(k.Status)}");
                if (keys.Count == 0) output.WriteLine($"(no keys; is {id} a clinic id?)");
                return true;

            default:
                var (outcome, _) = await ApiKeys.RevokeAsync(store, id, input.User);
                switch (outcome)
                {
                    case RevokeOutcome.Revoked:
                        output.WriteLine($"Key {input.User.Trim()} of clinic {id} revoked; it is refused within a second.");
                        return true;
                    case RevokeOutcome.AlreadyRevoked:
                        output.WriteLine($"Key {input.User.Trim()} of clinic {id} was already revoked.");
                        return true;
                    case RevokeOutcome.Ambiguous:
                        error.WriteLine($"Several active keys of clinic {id} start with {input.User.Trim()}.");
                        return false;
                    default:
                        error.WriteLine($"No key of clinic {id} has the prefix '{input.User.Trim()}' (see: clinics keys {id}).");
                        return false;
                }
        }
    }

    private static string Time(DateTimeOffset? at, string none = "-") => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm") : none;
    private static string Cut(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";
}
