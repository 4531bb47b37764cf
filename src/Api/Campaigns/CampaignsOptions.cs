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
}
