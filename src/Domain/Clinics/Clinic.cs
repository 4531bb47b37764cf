namespace ChiroClick.Domain.Clinics;

/// <summary>The clinic aggregate (stream id = clinic id = tenant id).</summary>
public sealed record Clinic(Guid Id, string Name, int KeysIssued)
{
    /// <summary>Stream version.</summary>
    public int Version { get; init; }

    /// <summary>Starts the aggregate.</summary>
    public static Clinic Create(ClinicRegistered e) => new(e.ClinicId, e.Name, 0);

    /// <summary>CRM settings; <see cref="ClinicSettings.Default"/> until changed.</summary>
    public ClinicSettings Settings { get; init; } = ClinicSettings.Default;

    /// <summary>Applies new settings.</summary>
    public Clinic Apply(ClinicSettingsChanged e) => this with { Settings = e.Settings };

    /// <summary>Counts issued keys.</summary>
    public Clinic Apply(ApiKeyIssued e) => this with { KeysIssued = KeysIssued + 1 };
}
