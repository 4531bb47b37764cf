using JasperFx.Events.Projections;

namespace ChiroClick.Api.Common;

/// <summary>
/// The registration shorthands every feature's <c>Configure&lt;Feature&gt;</c> uses. Each applies
/// <see cref="Infrastructure.MartenConfiguration.Tuned"/>, so no projection is registered without the daemon settings its
/// rebuild was measured with (docs/benchmarks.md).
/// </summary>
public static class ProjectionRegistration
{
    /// <summary>An inline projection: its documents change in the same transaction as the events (a client reads its own writes).</summary>
    public static void AddInline<TProjection>(this StoreOptions opts)
        where TProjection : ProjectionBase, IProjectionSource<IDocumentOperations, IQuerySession>, new() =>
        opts.Projections.Add<TProjection>(ProjectionLifecycle.Inline, Infrastructure.MartenConfiguration.Tuned);

    /// <summary>An async projection, run by the daemon behind the writes (figures, pipelines).</summary>
    public static void AddAsync<TProjection>(this StoreOptions opts)
        where TProjection : ProjectionBase, IProjectionSource<IDocumentOperations, IQuerySession>, new() =>
        opts.Projections.Add<TProjection>(ProjectionLifecycle.Async, Infrastructure.MartenConfiguration.Tuned);

    /// <summary>An aggregate kept as an inline snapshot document: writes load it instead of replaying its stream.</summary>
    public static void AddInlineSnapshot<T>(this StoreOptions opts) where T : class =>
        opts.Projections.Snapshot<T>(SnapshotLifecycle.Inline, Infrastructure.MartenConfiguration.Tuned);

    /// <summary>
    /// A custom async projection named <paramref name="name"/> that publishes <paramref name="documentTypes"/>: the types are
    /// registered with the store and deleted on teardown (a custom projection declares no documents: without this a rebuild
    /// would add to the old counts). <paramref name="configure"/> adjusts the tuned daemon settings.
    /// </summary>
    public static void AddAsyncPublishing(this StoreOptions opts, Marten.Events.Projections.IProjection projection, string name,
        IEnumerable<Type> documentTypes, Action<AsyncOptions>? configure = null)
    {
        var types = documentTypes.ToList();
        opts.Projections.Add(projection, ProjectionLifecycle.Async, name, o =>
        {
            Infrastructure.MartenConfiguration.Tuned(o);
            configure?.Invoke(o);
            foreach (var type in types) o.DeleteViewTypeOnTeardown(type);
        });
        foreach (var type in types) opts.RegisterDocumentType(type);
    }
}
