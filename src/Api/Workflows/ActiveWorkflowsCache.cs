using System.Collections.Concurrent;
using ChiroClick.Domain.Workflows;
using Marten.Services;

namespace ChiroClick.Api.Workflows;

/// <summary>
/// The active workflows of each clinic, as the event triggers read them (<see cref="WorkflowTriggers.ReactingAsync"/>): one query
/// per clinic instead of one per relayed event (the per-event query was ~5% of the API's CPU while capturing leads at 16
/// clients, docs/benchmarks.md (f)). Exact within this process: a store-wide Marten listener (<see cref="Invalidation"/>,
/// registered by <see cref="WorkflowsConfiguration.ConfigureWorkflows"/>) drops a clinic's entry after every commit that carries
/// one of its workflow events, and an entry filled by a query that raced with such a commit is never kept (generation check).
/// A change committed by another process on the same database (the CLI) is seen after at most <see cref="MaxAge"/>; a run a
/// just-deactivated workflow starts in that window is cancelled by its first step, which re-reads the workflow.
/// Keyed by database and clinic (tenant), so hosts of several databases in one process never share entries.
/// </summary>
public static class ActiveWorkflowsCache
{
    /// <summary>Longest time an entry is used without a commit of this process telling it is stale: 5 s.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private static readonly ConcurrentDictionary<(string Database, string Tenant), Entry> Entries = new();

    /// <summary>The listener that invalidates entries; added once to the store's options.</summary>
    public static readonly DocumentSessionListenerBase Invalidation = new Listener();

    /// <summary>Active workflows of the session's clinic (every trigger type), ordered by id; from the cache when fresh.</summary>
    public static async Task<IReadOnlyList<Workflow>> ActiveAsync(IQuerySession session, CancellationToken ct)
    {
        var key = (session.Database.Id.ToString(), session.TenantId);
        var now = Environment.TickCount64;
        var entry = Entries.GetOrAdd(key, _ => new Entry(0, null, 0));
        if (entry.Workflows is { } cached && now - entry.LoadedAt < MaxAge.TotalMilliseconds) return cached;
        var loaded = (await session.Query<Workflow>().Where(w => w.Active).ToListAsync(ct)).OrderBy(w => w.Id).ToList();
        // Kept only if no workflow commit happened since the entry was read: otherwise the query may predate it.
        Entries.TryUpdate(key, new Entry(entry.Generation, loaded, now), entry);
        return loaded;
    }

    private static void Invalidate(string database, string tenant) =>
        Entries.AddOrUpdate((database, tenant), _ => new Entry(1, null, 0), (_, e) => new Entry(e.Generation + 1, null, 0));

    private sealed record Entry(long Generation, IReadOnlyList<Workflow>? Workflows, long LoadedAt);

    private sealed class Listener : DocumentSessionListenerBase
    {
        public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            if (commit.GetEvents().Any(e => e.Data is WorkflowCreated or WorkflowUpdated or WorkflowActivated or WorkflowDeactivated))
                Invalidate(session.Database.Id.ToString(), session.TenantId);
            return Task.CompletedTask;
        }
    }
}
