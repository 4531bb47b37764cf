using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using ChiroClick.Domain.Telephony;
using ChiroClick.Projections.Telephony;
using Npgsql;

namespace ChiroClick.Api.Telephony;

/// <summary>
/// The screen pop's source in each API process: it tails the event store (<c>mt_events</c>) for the phone events, so a push never
/// depends on which process received the webhook. Every process LISTENs on <see cref="CallRecorder.NotifyChannel"/> (the recording
/// transaction NOTIFYs at commit) and also reads every <see cref="TelephonyOptions.ScreenPopPollMilliseconds"/> as a safety net.
/// Sequences are read in order with gap handling: a sequence number still missing (a transaction not yet committed) is waited for
/// up to <see cref="GapTimeout"/> before it is taken as rolled back, and events beyond it are pushed meanwhile, each once. Pushes are
/// kept for <see cref="TelephonyOptions.ScreenPopReplayMinutes"/> (also read back from the store at start) for <c>Last-Event-ID</c>.
/// </summary>
public sealed class CallFeed(IDocumentStore store, NpgsqlDataSource db, IOptions<TelephonyOptions> options, TimeProvider clock,
    ILogger<CallFeed> logger) : BackgroundService
{
    /// <summary>How long a missing sequence number is waited for.</summary>
    public static readonly TimeSpan GapTimeout = TimeSpan.FromSeconds(3);

    private static readonly Dictionary<string, CallEventKind> Kinds = new()
    {
        ["call_ringing"] = CallEventKind.Ringing, ["call_answered"] = CallEventKind.Answered, ["call_ended"] = CallEventKind.Ended,
        ["call_missed"] = CallEventKind.Missed, ["call_voicemail_left"] = CallEventKind.Voicemail,
    };

    private readonly object _gate = new();
    private readonly List<ScreenPopPush> _recent = [];
    private readonly List<(string Tenant, Channel<ScreenPopPush> Channel)> _subscribers = [];
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly HashSet<long> _seenAbove = [];
    private readonly Stopwatch _gapWatch = new();
    private long _cursor;

    private string Schema => store.Options.Events.DatabaseSchemaName;

    /// <summary>
    /// Subscribes a screen-pop stream to the pushes of <paramref name="tenant"/>. With <paramref name="lastEventId"/> the pushes after it
    /// that are still kept come first (in the order this process received them when it knows that id, else by sequence).
    /// </summary>
    public async Task<ScreenPopSubscription> SubscribeAsync(string tenant, long? lastEventId, CancellationToken ct)
    {
        await _started.Task.WaitAsync(ct);
        var channel = Channel.CreateBounded<ScreenPopPush>(new BoundedChannelOptions(1_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            _subscribers.Add((tenant, channel));
            var mine = _recent.Where(p => p.Tenant == tenant).ToList();
            var at = lastEventId is { } last ? mine.FindIndex(p => p.Sequence == last) : -1;
            IReadOnlyList<ScreenPopPush> replay = lastEventId is null ? [] : at >= 0 ? mine[(at + 1)..] : mine.Where(p => p.Sequence > lastEventId).ToList();
            return new ScreenPopSubscription(replay, channel.Reader, () => { lock (_gate) _subscribers.Remove((tenant, channel)); });
        }
    }

    /// <summary>The pushes of <paramref name="tenant"/> still kept, oldest first.</summary>
    public async Task<IReadOnlyList<ScreenPopPush>> RecentAsync(string tenant, CancellationToken ct)
    {
        await _started.Task.WaitAsync(ct);
        lock (_gate) return _recent.Where(p => p.Tenant == tenant).ToList();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                _cursor = await StartCursorAsync(ct);
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                // The schema is created by another start-up service; the first tries may come before it.
                logger.LogDebug("Screen-pop feed waiting for the event store: {Error}", ex.GetType().Name);
                await Task.Delay(500, ct);
            }
        }
        await PollSafelyAsync(ct);
        _started.TrySetResult();
        var listening = ListenAsync(ct);
        while (!ct.IsCancellationRequested)
        {
            try { await _wake.WaitAsync(TimeSpan.FromMilliseconds(options.Value.ScreenPopPollMilliseconds), ct); }
            catch (OperationCanceledException) { break; }
            while (_wake.CurrentCount > 0) await _wake.WaitAsync(0, ct);
            await PollSafelyAsync(ct);
        }
        await listening;
    }

    // The first sequence of the replay window, so pushes of the last minutes are there for Last-Event-ID after a restart.
    private async Task<long> StartCursorAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            with last as (select coalesce(max(seq_id), 0) as m from {Schema}.mt_events)
            select coalesce((select min(seq_id) - 1 from {Schema}.mt_events, last
                             where seq_id > last.m - 100000 and "timestamp" >= @since), (select m from last))
            """);
        cmd.Parameters.AddWithValue("since", clock.GetUtcNow() - TimeSpan.FromMinutes(options.Value.ScreenPopReplayMinutes));
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var conn = await db.OpenConnectionAsync(ct);
                conn.Notification += (_, _) => _wake.Release();
                await using (var listen = new NpgsqlCommand($"listen {CallRecorder.NotifyChannel}", conn)) await listen.ExecuteNonQueryAsync(ct);
                _wake.Release(); // whatever was committed while not listening
                while (!ct.IsCancellationRequested) await conn.WaitAsync(ct);
            }
            catch (OperationCanceledException) { return; }
            catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException)
            {
                logger.LogWarning("Screen-pop notifications interrupted ({Error}); reading every {Ms} ms until reconnected", ex.GetType().Name,
                    options.Value.ScreenPopPollMilliseconds);
                try { await Task.Delay(1_000, ct); } catch (OperationCanceledException) { return; }
            }
        }
    }

    private async Task PollSafelyAsync(CancellationToken ct)
    {
        try
        {
            await PollAsync(ct);
            Expire();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Screen-pop feed could not read the event store: {Error}", ex.GetType().Name);
        }
    }

    private const int PageSize = 1_000;

    private sealed record Row(long Sequence, string Tenant, Guid Stream, CallEventKind? Kind, DateTimeOffset Timestamp, string? Data);

    private async Task PollAsync(CancellationToken ct)
    {
        var rows = new List<Row>();
        await using (var cmd = db.CreateCommand($"""
            select seq_id, tenant_id, stream_id, type, "timestamp", case when type = any(@types) then data::text end
            from {Schema}.mt_events where seq_id > @cursor and not (seq_id = any(@seen)) order by seq_id limit {PageSize}
            """))
        {
            cmd.Parameters.AddWithValue("types", Kinds.Keys.ToArray());
            cmd.Parameters.AddWithValue("cursor", _cursor);
            cmd.Parameters.AddWithValue("seen", _seenAbove.ToArray());
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                rows.Add(new Row(reader.GetInt64(0), reader.GetString(1), reader.GetGuid(2), Kinds.TryGetValue(reader.GetString(3), out var k) ? k : null,
                    reader.GetFieldValue<DateTimeOffset>(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }
        foreach (var row in rows.Where(r => r.Kind is null)) _seenAbove.Add(row.Sequence);
        foreach (var tenant in rows.Where(r => r.Kind is not null).GroupBy(r => r.Tenant))
        {
            List<ScreenPopPush> pushes;
            try { pushes = await BuildAsync(tenant.Key, tenant.ToList(), ct); }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Left unseen: read again until GapTimeout, like a transaction not yet committed.
                logger.LogWarning("Screen-pop pushes of one clinic could not be built: {Error}", ex.GetType().Name);
                continue;
            }
            lock (_gate)
            {
                foreach (var push in pushes)
                {
                    _recent.Add(push);
                    foreach (var (t, channel) in _subscribers) if (t == push.Tenant) channel.Writer.TryWrite(push);
                }
            }
            foreach (var row in tenant) _seenAbove.Add(row.Sequence);
        }
        Advance();
        if (rows.Count == PageSize) _wake.Release();
    }

    // Moves the cursor over every sequence seen; a gap is skipped once it stayed open for GapTimeout (a rolled-back transaction).
    private void Advance()
    {
        while (true)
        {
            while (_seenAbove.Remove(_cursor + 1)) _cursor++;
            if (_seenAbove.Count == 0) { _gapWatch.Reset(); return; }
            if (!_gapWatch.IsRunning) { _gapWatch.Restart(); return; }
            if (_gapWatch.Elapsed < GapTimeout) return;
            _cursor = _seenAbove.Where(s => s > _cursor).Min() - 1;
            _gapWatch.Reset();
        }
    }

    private async Task<List<ScreenPopPush>> BuildAsync(string tenant, List<Row> rows, CancellationToken ct)
    {
        await using var session = store.QuerySession(tenant);
        var calls = (await session.LoadManyAsync<CallSummary>(ct, rows.Select(r => r.Stream).Distinct().ToArray())).ToDictionary(c => c.Id);
        var pushes = new List<ScreenPopPush>();
        foreach (var row in rows)
        {
            if (!calls.TryGetValue(row.Stream, out var call)) continue;
            var (at, duration) = Read(row.Data);
            object data = row.Kind == CallEventKind.Ringing
                ? await CallAsync(session, call, at, ct)
                : new ScreenPopUpdate(call.Id, call.CallId, call.Direction, row.Kind!.Value, at, duration);
            var name = row.Kind == CallEventKind.Ringing ? "call" : Infrastructure.ChiroJson.Wire(row.Kind!.Value);
            pushes.Add(new ScreenPopPush(row.Sequence, name, data) { Tenant = tenant, StoredAt = row.Timestamp });
        }
        return pushes;
    }

    private async Task<ScreenPopCall> CallAsync(IQuerySession session, CallSummary call, DateTimeOffset at, CancellationToken ct)
    {
        var candidates = await CallerLookup.CandidatesAsync(session, call.PatientIds, call.LeadIds, clock.GetUtcNow(), ct);
        var inbound = call.Direction == CallDirection.Inbound;
        return new ScreenPopCall(call.Id, call.CallId, inbound ? call.Number : call.From, inbound ? call.To : call.Number, call.Direction, at,
            candidates.Count > 0 ? candidates[0] : CallerCandidate.Unknown, candidates,
            [.. candidates.Where(c => c.Kind == CallerKind.Patient).Select(c => c.Id!.Value)],
            [.. candidates.Where(c => c.Kind == CallerKind.Lead).Select(c => c.Id!.Value)]);
    }

    private static (DateTimeOffset At, int? Duration) Read(string? data)
    {
        using var doc = JsonDocument.Parse(data ?? "{}");
        var root = doc.RootElement;
        var at = root.TryGetProperty("at", out var a) && a.TryGetDateTimeOffset(out var t) ? t : default;
        int? duration = root.TryGetProperty("durationSeconds", out var d) && d.ValueKind == JsonValueKind.Number ? d.GetInt32() : null;
        return (at, duration);
    }

    private void Expire()
    {
        var oldest = clock.GetUtcNow() - TimeSpan.FromMinutes(options.Value.ScreenPopReplayMinutes);
        lock (_gate) _recent.RemoveAll(p => p.StoredAt < oldest);
    }
}

/// <summary>A screen-pop stream's subscription: what it missed, then what comes. Dispose to unsubscribe.</summary>
/// <param name="Replay">Pushes after the client's <c>Last-Event-ID</c>, in order.</param>
/// <param name="Pushes">New pushes of the clinic.</param>
/// <param name="Unsubscribe">Removes the subscription.</param>
public sealed record ScreenPopSubscription(IReadOnlyList<ScreenPopPush> Replay, ChannelReader<ScreenPopPush> Pushes, Action Unsubscribe) : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => Unsubscribe();
}
