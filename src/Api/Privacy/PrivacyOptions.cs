using System.ComponentModel.DataAnnotations;

namespace ChiroClick.Api.Privacy;

/// <summary>Configuration section <c>Privacy</c> (env: <c>Privacy__LeadRetentionMonths</c>, ...), validated at start-up.</summary>
public sealed class PrivacyOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Privacy";

    /// <summary>
    /// Years a patient record is kept after the last visit (Norway: at least 10). A full erasure inside this period is
    /// refused (409); the retention job erases patients past it. Default 10, 1..100.
    /// </summary>
    [Range(1, 100)]
    public int PatientRecordRetentionYears { get; set; } = 10;

    /// <summary>Months after which a lead that was lost or saw no activity is erased by the retention job. Default 24, 1..600.</summary>
    [Range(1, 600)]
    public int LeadRetentionMonths { get; set; } = 24;

    /// <summary>How often the retention job runs (on the injected clock). Default one day; 00:00:00 turns the schedule off.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromDays(1);
}
