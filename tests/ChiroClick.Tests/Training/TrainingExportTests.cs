using System.Security.Cryptography;
using System.Text.Json;
using ChiroClick.Api.Training;
using ChiroClick.Domain.Training;
using ChiroClick.Projections.Training.Anonymisation;
using ChiroClick.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using static ChiroClick.Tests.Training.TrainingScenarios;

namespace ChiroClick.Tests.Training;

public class TrainingExportTests(AppFixture fixture) : IntegrationContext(fixture), IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "chiroclick-training-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private async Task SeedAsync(int count, string tag)
    {
        var patient = await RegisterPatientAsync(Store, Clinic.Id, "Ola Nordmann");
        for (var i = 0; i < count; i++)
        {
            var decision = (i % 3) switch { 0 => Accepted, 1 => Modified($"Rettet {tag} {i}: Ola har bedre bevegelighet i C5–C6."), _ => Rejected($"Riktig {tag} {i}.") };
            await SuggestAsync(Store, Clinic.Id, patient, $"Notat {tag} {i} for Ola Nordmann, tlf 91454925.", $"Utkast {tag} {i}: Ola har nakkesmerter.", decision);
        }
    }

    [Fact]
    public async Task Export_writes_split_files_and_a_manifest_that_matches_them_and_records_the_export()
    {
        await SeedAsync(30, "a");
        await WaitForProjections();

        var manifest = await TrainingExporter.ExportAsync(Store, Clinic.Id, _dir, all: false, _time);

        // 10 accepted + 10 modified SFT examples, 10 modified + 10 rejected DPO pairs.
        (manifest.Counts["train"] + manifest.Counts["validation"] + manifest.Counts["test"]).ShouldBe(20);
        manifest.Counts["dpo"].ShouldBe(20);
        manifest.PreviousWatermark.ShouldBe(0);
        manifest.Watermark.ShouldBeGreaterThan(0);
        manifest.AnonymiserVersion.ShouldBe(Anonymiser.Version);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dir, "manifest.json")));
        var root = json.RootElement;
        root.EnumerateObject().Select(p => p.Name).ShouldBe(["batchId", "anonymiserVersion", "watermark", "previousWatermark", "createdAt", "counts", "files"]);
        root.GetProperty("createdAt").GetDateTimeOffset().ShouldBe(_time.GetUtcNow());
        root.GetProperty("watermark").GetInt64().ShouldBe(manifest.Watermark);
        foreach (var name in new[] { "train.jsonl", "validation.jsonl", "test.jsonl", "dpo.jsonl" })
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(_dir, name));
            var file = root.GetProperty("files").GetProperty(name);
            file.GetProperty("sha256").GetString().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));
            var lines = File.ReadAllLines(Path.Combine(_dir, name));
            file.GetProperty("rows").GetInt32().ShouldBe(lines.Length);
            foreach (var line in lines)
            {
                line.ShouldNotContain("Ola");
                line.ShouldNotContain("91454925");
                using var _ = JsonDocument.Parse(line);
            }
        }
        root.GetProperty("counts").GetProperty("dpo").GetInt32().ShouldBe(20);

        await using var session = Store.QuerySession(Clinic.Id.ToString());
        var exported = (await session.Events.FetchStreamAsync(TrainingExportStream.For(Clinic.Id))).Select(e => e.Data).OfType<TrainingDatasetExported>().Single();
        exported.BatchId.ShouldBe(manifest.BatchId);
        exported.Watermark.ShouldBe(manifest.Watermark);
        exported.Counts["dpo"].ShouldBe(20);
        exported.FileHashes["train.jsonl"].ShouldBe(manifest.Files["train.jsonl"].Sha256);
    }

    [Fact]
    public async Task A_second_export_holds_only_what_came_after_the_watermark_and_splits_are_stable()
    {
        await SeedAsync(9, "first");
        await WaitForProjections();
        var first = await TrainingExporter.ExportAsync(Store, Clinic.Id, Path.Combine(_dir, "1"), all: false, _time);
        var firstSplit = SplitOf(Path.Combine(_dir, "1"));

        var empty = await TrainingExporter.ExportAsync(Store, Clinic.Id, Path.Combine(_dir, "2"), all: false, _time);
        empty.Counts.Values.Sum().ShouldBe(0);
        empty.PreviousWatermark.ShouldBe(first.Watermark);
        empty.Watermark.ShouldBe(first.Watermark);
        File.ReadAllText(Path.Combine(_dir, "2", "train.jsonl")).ShouldBe("");

        await SeedAsync(6, "second");
        await WaitForProjections();
        var third = await TrainingExporter.ExportAsync(Store, Clinic.Id, Path.Combine(_dir, "3"), all: false, _time);
        (third.Counts["train"] + third.Counts["validation"] + third.Counts["test"]).ShouldBe(4);
        third.Counts["dpo"].ShouldBe(4);
        File.ReadAllLines(Path.Combine(_dir, "3", "dpo.jsonl")).ShouldAllBe(l => l.Contains("second"));

        var all = await TrainingExporter.ExportAsync(Store, Clinic.Id, Path.Combine(_dir, "all"), all: true, _time);
        (all.Counts["train"] + all.Counts["validation"] + all.Counts["test"]).ShouldBe(10);
        all.PreviousWatermark.ShouldBe(0);
        var allSplit = SplitOf(Path.Combine(_dir, "all"));
        foreach (var (line, split) in firstSplit) allSplit[line].ShouldBe(split);
    }

    [Fact]
    public async Task Merge_dedupes_clean_files_and_refuses_files_that_hold_identities_or_are_not_json_lines()
    {
        await SeedAsync(12, "m");
        await WaitForProjections();
        var export = Path.Combine(_dir, "export");
        await TrainingExporter.ExportAsync(Store, Clinic.Id, export, all: false, _time);
        var sftFiles = new[] { "train.jsonl", "validation.jsonl", "test.jsonl" }.Select(f => Path.Combine(export, f)).ToList();
        var dpo = Path.Combine(export, "dpo.jsonl");

        // A copy of the same dpo file from "another clinic": every line is a duplicate.
        var copy = Path.Combine(_dir, "other-dpo.jsonl");
        File.Copy(dpo, copy);
        var leaky = Path.Combine(_dir, "leaky.jsonl");
        var good = File.ReadAllLines(dpo)[0];
        await File.WriteAllTextAsync(leaky, good + "\n" + good.Replace("\"chosen\":\"", "\"chosen\":\"Fnr 130558 01432. ") + "\n");
        var commented = Path.Combine(_dir, "commented.jsonl");
        await File.WriteAllTextAsync(commented, "// exported by ChiroClick\n" + good + "\n");
        var extraKey = Path.Combine(_dir, "extra.jsonl");
        await File.WriteAllTextAsync(extraKey, good.Replace("\"source\":", "\"clinic\":\"x\",\"source\":") + "\n");

        var result = await TrainingMerger.MergeAsync([.. sftFiles, dpo, copy, leaky, commented, extraKey], Path.Combine(_dir, "merged"), _time);

        result.Files.Where(f => f.Accepted).Select(f => Path.GetFileName(f.Path)).ShouldBe(["train.jsonl", "validation.jsonl", "test.jsonl", "dpo.jsonl", "other-dpo.jsonl"]);
        result.Files.Single(f => f.Path == leaky).Problems.ShouldContain(p => p.StartsWith("line 2: still holds an identity (IdentityNumber"));
        result.Files.Single(f => f.Path == commented).Problems.ShouldContain(p => p.StartsWith("line 1: not JSON"));
        result.Files.Single(f => f.Path == extraKey).Problems.ShouldContain(p => p.Contains("metadata.clinic is not allowed"));
        result.Duplicates.ShouldBe(8);
        result.Manifest.Counts["dpo"].ShouldBe(8);
        (result.Manifest.Counts["train"] + result.Manifest.Counts["validation"] + result.Manifest.Counts["test"]).ShouldBe(8);
        File.ReadAllLines(Path.Combine(_dir, "merged", "dpo.jsonl")).ShouldBe(File.ReadAllLines(dpo));
        // Splits agree with the exporting clinic's: the same content hash, the same file.
        File.ReadAllLines(Path.Combine(_dir, "merged", "train.jsonl")).ShouldBe(File.ReadAllLines(sftFiles[0]));
    }

    private static Dictionary<string, string> SplitOf(string dir) =>
        new[] { "train.jsonl", "validation.jsonl", "test.jsonl" }
            .SelectMany(f => File.ReadAllLines(Path.Combine(dir, f)).Select(l => (l, f)))
            .ToDictionary(x => x.l, x => x.f);
}
