namespace ChiroClick.Api.Tools;

/// <summary>
/// What the commands that write into one clinic (<c>import</c>, <c>seed</c>) share: the <c>--clinic</c> check and the store of a
/// host built from the command line, with the schema applied.
/// </summary>
public static class ClinicTool
{
    /// <summary>
    /// Checks <paramref name="subcommand"/> against <paramref name="expected"/> (else prints <paramref name="usage"/>) and
    /// <paramref name="clinicFlag"/> as a clinic id (else says so); errors go to standard error.
    /// </summary>
    public static bool TryArguments(string? subcommand, string expected, string usage, string? clinicFlag, out Guid clinicId)
    {
        clinicId = Guid.Empty;
        if (!string.Equals(subcommand, expected, StringComparison.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine(usage);
            return false;
        }
        if (Guid.TryParse(clinicFlag, out clinicId)) return true;
        Console.Error.WriteLine($"--clinic '{clinicFlag}' is not a clinic id (a UUID printed by 'clinics add').");
        return false;
    }

    /// <summary>The document store of <paramref name="host"/>, with every configured schema object created or updated.</summary>
    public static async Task<IDocumentStore> StoreAsync(IHost host)
    {
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return store;
    }
}
