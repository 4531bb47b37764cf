using System.ComponentModel.DataAnnotations;

namespace ChiroClick.Api.Campaigns;

/// <summary>Send settings of campaigns, configuration section <c>Campaigns</c>; validated at start-up.</summary>
public sealed class CampaignsOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Campaigns";

    /// <summary><c>Campaigns:MessagesPerSecond</c> (default 0 = no spacing): how fast a launched campaign's messages go out.</summary>
    [Range(0.0, double.MaxValue)]
    public double MessagesPerSecond { get; set; }

    /// <summary>
    /// <c>Campaigns:PublicBaseUrl</c> (default unset = no links): the public address patients reach (e.g. <c>https://klinikk.example.no</c>),
    /// the base of opt-out and survey links.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary><see cref="PublicBaseUrl"/> without a trailing slash, or null when it is unset or blank.</summary>
    public string? LinkBase => PublicBaseUrl?.TrimEnd('/') is { Length: > 0 } url ? url : null;
}
