using System.Diagnostics;
using System.Text.Json;
using ChiroClick.Api.Infrastructure;
using ChiroClick.Domain.Leads;
using Marten;

namespace ChiroClick.Bench;

/// <summary>
/// Appends realistic lead streams (capture, score, a few stage moves, conversion or loss) for 4 clinics
/// until the requested number of events exists, in batches of ~2,000 events per transaction.
/// </summary>
public static class EventSeeder
{
    public static async Task<int> RunAsync(string connectionString, int target)
    {
        var options = new StoreOptions();
        options.ConfigureChiroClickStore(connectionString);
        using var store = new DocumentStore(options);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var tenants = Enumerable.Range(0, 4).Select(_ => Guid.CreateVersion7().ToString()).ToArray();
        var random = new Random(42);
        var appended = 0;
        var stop = Stopwatch.StartNew();
        while (appended < target)
        {
            foreach (var tenant in tenants)
            {
                await using var session = store.LightweightSession(tenant);
                session.LastModifiedBy = "bench";
                var inBatch = 0;
                while (inBatch < 500 && appended + inBatch < target)
                {
                    var events = LeadStream(random);
                    session.Events.StartStream<Lead>(((ILeadEvent)events[0]).LeadId, events);
                    inBatch += events.Length;
                }
                await session.SaveChangesAsync();
                appended += inBatch;
                if (appended >= target) break;
            }
        }
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            benchmark = "seed", events = appended, seconds = Math.Round(stop.Elapsed.TotalSeconds, 1),
            perSecond = Math.Round(appended / stop.Elapsed.TotalSeconds),
        }));
        return 0;
    }

    private static object[] LeadStream(Random random)
    {
        var id = Guid.CreateVersion7();
        var source = (LeadSource)random.Next(0, 8);
        var events = new List<object>(LeadDecisions.Capture(id, "Bench Lead", "+4799887766", null, source, "Vondt i ryggen", false, null));
        var lead = Lead.Create((LeadCaptured)events[0]).Replayed(events.Skip(1));
        foreach (var to in new[] { LeadStage.Contacted, LeadStage.ConsultationBooked }.Take(random.Next(0, 3)))
        {
            var moved = LeadDecisions.ChangeStage(lead, to, null).Events;
            events.AddRange(moved);
            lead = lead.Replayed(moved);
        }
        var end = random.Next(0, 3);
        if (end == 1)
        {
            var (decision, _) = LeadDecisions.Convert(lead, Guid.CreateVersion7(), null, null, null);
            events.AddRange(decision.Events);
        }
        else if (end == 2)
        {
            events.AddRange(LeadDecisions.ChangeStage(lead, LeadStage.Lost, random.Next(0, 2) == 0 ? "price" : "no answer").Events);
        }
        return [.. events];
    }
}
