using ChiroClick.Api.Access;
using ChiroClick.Domain.Clinics;

namespace ChiroClick.Api.Training;

/// <summary>Who may call the anonymised training export: exporter keys (and auditors, as every GET).</summary>
public sealed class TrainingAccess : FeatureAccess
{
    /// <summary>Declares the groups.</summary>
    public TrainingAccess() => Group("Training export", [KeyRole.Exporter], "/api/v1/training/export", "/api/v1/training/export/stats");
}
