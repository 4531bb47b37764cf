using ChiroClick.Domain.Clinics;

namespace ChiroClick.Api.Clinics;

/// <summary>Marten registration of the clinic stream's settings (read by aggregating the clinic stream, no projection).</summary>
public static class ClinicsConfiguration
{
    /// <summary>Registers the settings event type.</summary>
    public static void ConfigureClinics(this StoreOptions opts) => opts.Events.AddEventType<ClinicSettingsChanged>();
}
