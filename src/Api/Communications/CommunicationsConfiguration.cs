using ChiroClick.Projections.Communications;

namespace ChiroClick.Api.Communications;

/// <summary>Marten registration of the communication log.</summary>
public static class CommunicationsConfiguration
{
    /// <summary>The inline communication log, indexed by time and patient.</summary>
    public static void ConfigureCommunications(this StoreOptions opts)
    {
        opts.AddInline<CommunicationEntryProjection>();
        opts.Schema.For<CommunicationEntry>().Index(x => x.OccurredAt).Index(x => x.PatientId);
    }
}
