using System.ComponentModel.DataAnnotations;
using JasperFx.Events.Daemon;

namespace ChiroClick.Api.Infrastructure;

/// <summary>Settings of the event store's async daemon, configuration section <c>Marten</c>; validated at start-up.</summary>
public sealed class MartenSettings
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Marten";

    /// <summary>
    /// <c>Marten:DaemonMode</c> (default <c>Solo</c>): <c>Solo</c> for one API node, <c>HotCold</c> for several (one node at a time
    /// runs each projection), <c>Disabled</c> for none.
    /// </summary>
    [EnumDataType(typeof(DaemonMode))]
    public DaemonMode DaemonMode { get; set; } = DaemonMode.Solo;
}
