using ChiroClick.Projections.Communications;
using JasperFx.Events.Projections;

namespace ChiroClick.Api.Communications;

/// <summary>Marten registration of the communication log.</summary>
public static class CommunicationsConfiguration
{
    /// <summary>The inline communication log, indexed by time and patient.</summary>
    public static void ConfigureCommunications(this StoreOptions opts)
    {
        opts.Projections.Add<CommunicationEntryProjection>(ProjectionLifecycle.Inline, Infrastructure.MartenConfiguration.Tuned);
        opts.Schema.For<CommunicationEntry>().Index(x => x.OccurredAt).Index(x => x.PatientId);
    }
}
