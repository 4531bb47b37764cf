using System.Net;
using System.Text.Json;
using ChiroClick.Api.Infrastructure;
using ChiroClick.Tests.Training;
using Marten;
using Xunit.Abstractions;

namespace ChiroClick.Tests.RealServer;

/// <summary>
/// Streams both training exports (<c>GET /api/v1/training/export?kind=sft|dpo</c>) of more than 1,000 examples to
/// their end over real HTTP from the real process: the in-memory test server let a synchronous write through
/// that made Kestrel abort every real export after its first line.
/// </summary>
[Collection(RealServerCollection.Name)]
public sealed class TrainingExportStreamTests(RealServerFixture server, ITestOutputHelper output)
{
    private const int Examples = 1_200;

    [Fact]
    public async Task Both_exports_of_more_than_1000_examples_stream_to_the_end()
    {
        // 1,200 modified suggestions = 1,200 SFT examples (the corrections) and 1,200 DPO pairs, appended straight
        // to the process's event store; its async daemon projects them.
        using (var store = DocumentStore.For(o => o.ConfigureChiroClickStore(server.ConnectionString)))
        {
            await using var session = store.LightweightSession(server.ClinicId.ToString());
            for (var i = 0; i < Examples; i++)
            {
                var id = Guid.NewGuid();
                session.Events.StartStream(id,
                    TrainingScenarios.Generated(id, null, $"Notat {i}: nakkesmerter i {i % 30 + 1} dager.", $"Utkast {i}: bevegelighet redusert."),
                    TrainingScenarios.Modified($"Rettet {i}: bevegelighet i C5–C6 bedret etter behandling {i}.")(id));
            }
            await session.SaveChangesAsync();
        }

        foreach (var kind in new[] { "sft", "dpo" })
        {
            var (lines, headerCount) = await ReadExportAsync(kind);
            var summary = $"Real-server training export kind={kind}: {lines} lines streamed to the end (X-Training-Count {headerCount}).";
            output.WriteLine(summary);
            RealServerReport.Append(summary);
            lines.ShouldBeGreaterThanOrEqualTo(Examples);
        }
    }

    private async Task<(int Lines, long HeaderCount)> ReadExportAsync(string kind)
    {
        // The daemon needs a moment to project 2,400 events: poll the export until every example is there.
        for (var attempt = 0; ; attempt++)
        {
            using var response = await server.Client.GetAsync($"/api/v1/training/export?kind={kind}", HttpCompletionOption.ResponseHeadersRead);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/jsonl");
            var headerCount = long.Parse(response.Headers.GetValues("X-Training-Count").Single());
            await using var stream = await response.Content.ReadAsStreamAsync();
            using var reader = new StreamReader(stream);
            var lines = 0;
            while (await reader.ReadLineAsync() is { } line)
            {
                using var doc = JsonDocument.Parse(line);
                doc.RootElement.ValueKind.ShouldBe(JsonValueKind.Object);
                lines++;
            }
            lines.ShouldBe((int)headerCount, "every counted example is streamed (they are all distinct)");
            if (lines >= Examples || attempt >= 120) return (lines, headerCount);
            await Task.Delay(500);
        }
    }
}
