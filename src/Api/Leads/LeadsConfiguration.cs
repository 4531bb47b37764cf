using ChiroClick.Domain.Leads;
using ChiroClick.Projections.Leads;

namespace ChiroClick.Api.Leads;

/// <summary>Marten registration of leads.</summary>
public static class LeadsConfiguration
{
    /// <summary>
    /// The lead aggregate as an inline snapshot (writes load it instead of replaying the stream), the inline
    /// <see cref="LeadSummary"/> read model (indexed by capture time for the list) and the async <see cref="LeadPipelineProjection"/>.
    /// </summary>
    public static void ConfigureLeads(this StoreOptions opts)
    {
        opts.AddInlineSnapshot<Lead>();
        opts.AddInline<LeadSummaryProjection>();
        opts.AddAsync<LeadPipelineProjection>();
        opts.Schema.For<LeadSummary>().Index(x => x.CapturedAt);
    }
}
