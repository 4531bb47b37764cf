namespace ChiroClick.Domain.Clinics;

/// <summary>The clinic aggregate (stream id = clinic id = tenant id).</summary>
public sealed record Clinic(Guid Id, string Name, int KeysIssued)
{
    /// <summary>Stream version.</summary>
    public int Version { get; init; }

    /// <summary>Starts the aggregate.</summary>
    public static Clinic Create(ClinicRegistered e) => new(e.ClinicId, e.Name, 0);

    /// <summary>Counts issued keys.</summary>
    public Clinic Apply(ApiKeyIssued e) => this with { KeysIssued = KeysIssued + 1 };
}
