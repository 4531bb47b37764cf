using System.Diagnostics;
using ChiroClick.Api.Access;
using System.Threading.Channels;
using ChiroClick.Domain.Patients;
using JasperFx.Events;
using JasperFx.Events.Projections;

namespace ChiroClick.Api.Seeding;

/// <summary>Size of a synthetic history.</summary>
/// <param name="Patients">Patients to register.</param>
/// <param name="VisitsPerPatient">Average visits per patient (1..2M−1, uniformly; visits past "now" are dropped).</param>
/// <param name="SurveyResponses">NPS answers to one new survey.</param>
/// <param name="Years">Span of history ending now (1..20).</param>
/// <param name="Seed">Random seed (the same seed and clock give the same times and scores).</param>
public sealed record SyntheticHistoryOptions(int Patients, int VisitsPerPatient, int SurveyResponses, int Years = 3, int Seed = 20261202);

/// <summary>What a synthetic seed appended.</summary>
/// <param name="Events">Events appended.</param>
/// <param name="Patients">Patients registered.</param>
/// <param name="Visits">Visits (VisitCompleted).</param>
/// <param name="LifecycleMoves">LifecycleStageChanged events.</param>
/// <param name="SurveyResponses">SurveyResponseReceived events.</param>
/// <param name="Leads">Leads captured.</param>
/// <param name="AppendTime">Wall time of the whole append: generation, COPY and inline read models, pipelined.</param>
/// <param name="CopyTime">Of it, time spent in the bulk COPY of the events.</param>
/// <param name="InlineTime">Of it, time spent applying the inline projections to the new streams and storing their documents.</param>
public sealed record SyntheticHistorySummary(int Events, int Patients, int Visits, int LifecycleMoves, int SurveyResponses, int Leads,
    TimeSpan AppendTime, TimeSpan CopyTime, TimeSpan InlineTime)
{
    /// <summary>Events per second of the whole append (inline read models included).</summary>
    public double EventsPerSecond => Events / Math.Max(AppendTime.TotalSeconds, 1e-6);
}

/// <summary>
/// Appends a realistic synthetic history to one clinic: patients registered over the span, visits with ICPC-2 codes at
/// irregular intervals (lifecycle moves decided by <see cref="PatientDecisions.RecordVisit"/> as for any visit), one NPS
/// survey with its answers (promoters ≈ 55 %, passives ≈ 25 %, detractors ≈ 20 %), and one lead per ten patients.
/// <para>
/// Events go in through Marten's bulk append (<c>BulkInsertEventsAsync</c>, PostgreSQL binary COPY), chunk by chunk
/// (<see cref="SyntheticHistoryGenerator"/>), with generation, COPY and the inline read models pipelined: the bulk append
/// skips inline projections, so each chunk's streams are then handed to every inline projection of the store exactly as
/// Marten's own <c>SaveChangesAsync</c> hands them (<c>IInlineProjection.ApplyAsync</c>), and the resulting documents are
/// saved in one batched session per chunk. Events carry the same types, tenant and business times as before; async
/// projections catch up through the daemon as usual. Each chunk is its own transaction, appended in sequence order.
/// </para>
/// Business times are in the events (<c>CompletedAt</c>, <c>ReceivedAt</c>, <c>ChangedAt</c>); nothing is sent to anyone:
/// automation only reacts to facts recorded close to their business time.
/// </summary>
public static class SyntheticHistory
{
    /// <summary>
    /// Appends the history to <paramref name="clinicId"/>; throws <see cref="InvalidOperationException"/> for an unknown clinic
    /// and <see cref="ArgumentOutOfRangeException"/> for sizes out of range.
    /// </summary>
    public static async Task<SyntheticHistorySummary> AppendAsync(IDocumentStore store, Guid clinicId, SyntheticHistoryOptions options,
        TimeProvider clock, TextWriter log, CancellationToken ct = default)
    {
        if (options.Patients is < 0 or > 10_000_000) throw new ArgumentOutOfRangeException(nameof(options), "patients must be 0..10,000,000.");
        if (options.VisitsPerPatient is < 0 or > 1_000) throw new ArgumentOutOfRangeException(nameof(options), "visits per patient must be 0..1,000.");
        if (options.SurveyResponses is < 0 or > 10_000_000) throw new ArgumentOutOfRangeException(nameof(options), "survey responses must be 0..10,000,000.");
        if (options.Years is < 1 or > 20) throw new ArgumentOutOfRangeException(nameof(options), "years must be 1..20.");
        var tenant = ApiKeys.TenantOf(clinicId);
        var settings = await Clinics.ClinicSettingsStore.ForRegisteredClinicAsync(store, clinicId, ct);

        // Marten applies the schema once per database on the first bulk call: do it before the clock starts.
        await store.BulkInsertEventsAsync(tenant, Array.Empty<StreamAction>(), 1, ct);
        var inline = ((DocumentStore)store).Options.Projections.All.Where(p => p.Lifecycle == ProjectionLifecycle.Inline)
            .Select(p => (Types: (p as EventFilterable)?.IncludedEventTypes.ToArray() ?? [], Projection: p.BuildForInline())).ToArray();

        var generator = new SyntheticHistoryGenerator(store, tenant, options, settings, clock.GetUtcNow());
        var generated = Channel.CreateBounded<List<StreamAction>>(2);
        var copied = Channel.CreateBounded<List<StreamAction>>(2);
        var copy = TimeSpan.Zero;
        var projecting = TimeSpan.Zero;
        var streams = 0;
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var token = failed.Token;
        var watch = Stopwatch.StartNew();
        // Three stages, each on its own: generating chunk k+2, copying chunk k+1 and projecting chunk k overlap. Copies
        // stay in sequence order (a reader never sees a later chunk committed before an earlier one).
        var producer = Stage(generated.Writer, async () =>
        {
            foreach (var chunk in generator.Chunks()) await generated.Writer.WriteAsync(chunk, token);
        });
        var copier = Stage(copied.Writer, async () =>
        {
            await foreach (var chunk in generated.Reader.ReadAllAsync(token))
            {
                var step = Stopwatch.StartNew();
                await store.BulkInsertEventsAsync(tenant, chunk, 10_000, token);
                copy += step.Elapsed;
                await copied.Writer.WriteAsync(chunk, token);
            }
        });
        try
        {
            await foreach (var chunk in copied.Reader.ReadAllAsync(token))
            {
                var step = Stopwatch.StartNew();
                await ApplyInlineProjectionsAsync(store, tenant, inline, chunk, token);
                projecting += step.Elapsed;
                streams += chunk.Count;
            }
            await Task.WhenAll(producer, copier);
        }
        catch
        {
            // Stop the other stages too (they may be waiting on a full channel).
            await failed.CancelAsync();
            throw;
        }
        var total = watch.Elapsed;
        var c = generator.Counts;
        await log.WriteLineAsync($"Appended {c.Events:N0} events of {streams:N0} streams in {total.TotalSeconds:F1} s = " +
                                 $"{c.Events / Math.Max(total.TotalSeconds, 1e-6):N0} events/s, inline read models included " +
                                 $"(COPY {copy.TotalSeconds:F1} s, inline read models {projecting.TotalSeconds:F1} s, generation overlapped)");
        return new SyntheticHistorySummary(c.Events, options.Patients, c.Visits, c.Moves, options.SurveyResponses, c.Leads, total, copy, projecting);
    }

    /// <summary>Runs one pipeline stage on the thread pool; completes its output channel, with the stage's exception if it fails.</summary>
    private static Task Stage<T>(ChannelWriter<T> output, Func<Task> body) => Task.Run(async () =>
    {
        try
        {
            await body();
            output.Complete();
        }
        catch (Exception ex)
        {
            output.Complete(ex);
            throw;
        }
    });

    /// <summary>
    /// What Marten's <c>SaveChangesAsync</c> does for new streams: every inline projection gets the streams, and the documents
    /// they produce are saved in one batched transaction. Projections that subscribe to none of the chunk's event types are
    /// skipped (they would load nothing and store nothing).
    /// </summary>
    private static async Task ApplyInlineProjectionsAsync(IDocumentStore store, string tenant,
        (Type[] Types, IInlineProjection<IDocumentOperations> Projection)[] inline, List<StreamAction> chunk, CancellationToken ct)
    {
        var present = chunk.SelectMany(s => s.Events).Select(e => e.EventType).ToHashSet();
        await using var session = store.LightweightSession(tenant);
        foreach (var (types, projection) in inline)
        {
            if (types.Length > 0 && !present.Any(t => types.Any(i => i.IsAssignableFrom(t)))) continue;
            await projection.ApplyAsync(session, chunk, ct);
        }
        await session.SaveChangesAsync(ct);
    }
}
