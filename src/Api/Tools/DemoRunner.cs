using System.Globalization;
using ChiroClick.AiGateway;
using ChiroClick.AiGateway.Feedback;
using ChiroClick.AiGateway.Ollama;
using ChiroClick.Api.Access;
using ChiroClick.Api.Ai;
using ChiroClick.Api.Retention;
using ChiroClick.Api.Surveys;
using ChiroClick.Api.Import;
using ChiroClick.Api.Infrastructure;
using ChiroClick.Api.Leads;
using ChiroClick.Api.Training;
using ChiroClick.Domain.Ai;
using ChiroClick.Domain.Leads;
using ChiroClick.Domain.Patients;
using ChiroClick.Domain.Surveys;
using ChiroClick.Projections.Patients;
using CsvHelper;

namespace ChiroClick.Api.Tools;

/// <summary>
/// The demo, step by step, all through the same domain decisions and events the API uses:
/// <list type="number">
/// <item>registers a demo clinic and an API key;</item>
/// <item>imports the Synthea patients and visits (111 patients, 7,584 visits) with their original times;</item>
/// <item>captures 40 leads named after Synthea patients and moves them through the pipeline (a fixed
/// pattern: converted, consultation booked, contacted, lost for price or no answer, new);</item>
/// <item>sends the NPS survey to every patient with at least 3 visits; the scores are <b>synthetic</b>
/// (Synthea has no survey data): 10 for 30+ visits, 9 for 15+, 8 for 8+, 6 below, answered 3 days after
/// the patient's last visit;</item>
/// <item>replays MTS-Dialog dialogues (CC BY 4.0) as clinical_summary requests: against Ollama when it
/// answers, otherwise under the clearly labelled model <c>dataset-replay</c>, whose output is the
/// dataset's own automatic summary. The clinician's decision is derived from how the dataset's reference
/// note compares with the output (normalised edit distance d): d ≤ 0.05 accept; d ≤ 0.2 modify (minor);
/// d ≤ 0.6 modify (major); otherwise reject with the reference note as correction. Review time is
/// simulated (20–80 s);</item>
/// <item>runs the async projections to completion and prints the pipeline, NPS, the retention cohort
/// table and a training export (written to disk, recorded as TrainingDatasetExported).</item>
/// </list>
/// </summary>
public sealed class DemoRunner(IServiceProvider services, TextWriter console)
{
    /// <summary>Model name recorded when the dataset's own output stands in for Ollama.</summary>
    public const string ReplayModel = "dataset-replay";

    private readonly IDocumentStore _store = services.GetRequiredService<IDocumentStore>();
    private readonly TimeProvider _clock = services.GetRequiredService<TimeProvider>();

    /// <summary>Runs every step and prints the figures.</summary>
    public async Task RunAsync(string dataFolder, int dialogues, string outDir, CancellationToken ct = default)
    {
        await _store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var (clinicId, key) = await ApiKeys.RegisterClinicAsync(_store, $"Demo clinic {_clock.GetUtcNow():yyyy-MM-dd HH:mm}", "demo");
        var tenant = clinicId.ToString();
        console.WriteLine($"Demo clinic {clinicId} (API key for user 'demo': {key})");

        console.WriteLine("\n== Importing Synthea patients and visits");
        var import = await SyntheaImport.RunAsync(_store, clinicId, Path.Combine(dataFolder, "synthea"), _clock, TextWriter.Null, ct: ct);
        console.WriteLine($"{import.PatientsRegistered} patients, {import.VisitsAppended} visits, {import.LifecycleMoves} lifecycle moves in {import.Elapsed.TotalSeconds:0.0} s");

        var patients = await PatientsAsync(tenant, ct);
        await CaptureLeadsAsync(tenant, patients, ct);
        await RecordNpsAsync(tenant, ct);
        await ReplayDialoguesAsync(tenant, patients, Path.Combine(dataFolder, "mts-dialog"), dialogues, ct);

        console.WriteLine("\n== Running the async projections");
        // Rebuilding the async projections brings them to the last event deterministically, without
        // waiting on Wolverine's event subscriptions, which only run inside the API.
        var projections = ((StoreOptions)_store.Options).Projections;
        var asyncNames = projections.AllShards().Select(s => s.Name.Name).Distinct()
            .Where(n => projections.TryFindProjection(n, out _)).ToList();
        using (var daemon = await _store.BuildProjectionDaemonAsync())
        {
            foreach (var name in asyncNames) await daemon.RebuildProjectionAsync(name, TimeSpan.FromMinutes(5), ct);
        }
        console.WriteLine("rebuilt " + string.Join(", ", asyncNames));

        await PrintPipelineAsync(tenant, ct);
        await PrintNpsAsync(tenant, ct);
        await PrintCohortsAsync(tenant, ct);
        await ExportTrainingAsync(clinicId, outDir, ct);
        console.WriteLine($"\nExplore it: scripts/run.sh, then  curl -H 'X-Api-Key: {key}' http://127.0.0.1:5080/api/v1/crm/overview");
    }

    private async Task<IReadOnlyList<PatientSummary>> PatientsAsync(string tenant, CancellationToken ct)
    {
        await using var session = _store.QuerySession(tenant);
        return await session.Query<PatientSummary>().OrderBy(p => p.FullName).ToListAsync(ct);
    }

    private async Task CaptureLeadsAsync(string tenant, IReadOnlyList<PatientSummary> patients, CancellationToken ct)
    {
        console.WriteLine("\n== Capturing 40 leads and moving them through the pipeline");
        var sources = new[] { LeadSource.Referral, LeadSource.Website, LeadSource.Search, LeadSource.SocialMedia, LeadSource.Phone, LeadSource.WalkIn, LeadSource.Campaign };
        await using var session = _store.LightweightSession(tenant);
        session.LastModifiedBy = "demo";
        foreach (var (patient, i) in patients.Take(40).Select((p, i) => (p, i)))
        {
            var id = Guid.CreateVersion7();
            var email = $"{string.Concat(patient.FullName.ToLowerInvariant().Where(char.IsAsciiLetterLower))}@example.com";
            var events = new List<object>(LeadDecisions.Capture(id, patient.FullName, null, email, sources[i % sources.Length],
                "Smerter i rygg eller nakke, ønsker vurdering", i % 3 == 0, null));
            var lead = Lead.Create((LeadCaptured)events[0]).Replayed(events.Skip(1));
            void Move(LeadStage to, string? reason = null)
            {
                var moved = LeadDecisions.ChangeStage(lead, to, reason).Events;
                events.AddRange(moved);
                lead = lead.Replayed(moved);
            }
            switch (i % 8)
            {
                case 0 or 1 or 2:
                    Move(LeadStage.Contacted);
                    Move(LeadStage.ConsultationBooked);
                    var (converted, registered) = LeadDecisions.Convert(lead, Guid.CreateVersion7(), null, null, "First consultation held");
                    events.AddRange(converted.Events);
                    session.Events.StartStream<Patient>(registered!.PatientId, registered);
                    break;
                case 3: Move(LeadStage.Contacted); Move(LeadStage.ConsultationBooked); break;
                case 4: Move(LeadStage.Contacted); break;
                case 5: Move(LeadStage.Contacted); Move(LeadStage.Lost, "price"); break;
                case 6: Move(LeadStage.Lost, "no answer"); break;
            }
            session.Events.StartStream<Lead>(id, [.. events]);
        }
        await session.SaveChangesAsync(ct);
    }

    private async Task RecordNpsAsync(string tenant, CancellationToken ct)
    {
        console.WriteLine("\n== Sending the NPS survey to patients with 3+ visits (synthetic scores, see the demo's docs)");
        List<PatientVisits> visits;
        await using (var query = _store.QuerySession(tenant)) visits = (await query.Query<PatientVisits>().ToListAsync(ct)).ToList();
        var surveyId = Guid.CreateVersion7();
        await using var session = _store.LightweightSession(tenant);
        session.LastModifiedBy = "demo";
        var events = new List<object> { new SurveyCreated(surveyId, "NPS etter behandling", "Hvor sannsynlig er det at du vil anbefale oss til en venn? (0–10)") };
        foreach (var v in visits.Where(v => v.Visits.Count >= 3))
        {
            var last = v.Visits.Max(x => x.CompletedAt);
            var score = v.Visits.Count switch { >= 30 => 10, >= 15 => 9, >= 8 => 8, _ => 6 };
            events.Add(new SurveySent(surveyId, v.Id, "sms", last.AddDays(1)));
            events.Add(new SurveyResponseReceived(surveyId, Guid.CreateVersion7(), v.Id, score, null, last.AddDays(3)));
        }
        session.Events.StartStream<Survey>(surveyId, [.. events]);
        await session.SaveChangesAsync(ct);
        console.WriteLine($"{(events.Count - 1) / 2} responses recorded");
    }

    private async Task ReplayDialoguesAsync(string tenant, IReadOnlyList<PatientSummary> patients, string mtsFolder, int count, CancellationToken ct)
    {
        console.WriteLine($"\n== Replaying {count} MTS-Dialog dialogues as clinical_summary suggestions");
        var rows = ReadDialogues(Path.Combine(mtsFolder, "MTS-Dialog-Automatic-Summaries-ValidationSet.csv")).Take(count).ToList();
        var gateway = services.GetRequiredService<OllamaGateway>();
        var useOllama = true;
        var tally = new Dictionary<string, int>();
        var model = ReplayModel;
        foreach (var (row, i) in rows.Select((r, i) => (r, i)))
        {
            var patient = patients.Count == 0 ? null : patients[i % patients.Count];
            string? age;
            await using (var query = _store.QuerySession(tenant))
                (_, age) = await SuggestionSupport.PatientAgeRangeAsync(query, patient?.Id, _clock, ct);
            AiSuggestionGenerated generated;
            var id = Guid.CreateVersion7();
            AiAnswer? answer = null;
            if (useOllama)
            {
                try
                {
                    var plan = await gateway.PlanAsync(new AiCall(AiTask.ClinicalSummary, null, row.Dialogue, age), ct);
                    answer = await gateway.CompleteAsync(plan, ct);
                }
                catch (AiGatewayException ex) when (ex.Status is 503 or 504)
                {
                    console.WriteLine($"Ollama not usable ({ex.Title}): recording the dataset's own output as model '{ReplayModel}'.");
                    useOllama = false;
                }
            }
            if (answer is not null)
            {
                generated = SuggestionSupport.Generated(id, patient?.Id, age, answer);
                model = answer.Plan.Model.Used;
            }
            else
            {
                generated = new AiSuggestionGenerated(id, AiTask.ClinicalSummary, ModelRole.Default, ReplayModel, ReplayModel, false, null,
                    patient?.Id, age, "Oppsummer konsultasjonen som et klinisk notat.", row.Dialogue, row.AutomaticSummary, 0, 0, 0, null);
            }

            var generatedAt = _clock.GetUtcNow();
            var decidedAt = generatedAt.AddSeconds(20 + i * 37 % 61);
            var d = EditDistance.Normalised(generated.Output, row.Reference);
            var decision = d switch
            {
                <= 0.05 => AiSuggestionDecisions.Accept(id, null, generatedAt, decidedAt),
                <= 0.6 => AiSuggestionDecisions.Modify(id, null, generatedAt, decidedAt, row.Reference, d),
                _ => AiSuggestionDecisions.Reject(id, null, generatedAt, decidedAt, "Does not match the consultation", row.Reference),
            };
            await using var session = _store.LightweightSession(tenant);
            session.LastModifiedBy = "demo";
            session.Events.StartStream(id, [generated, .. decision.Events]);
            await session.SaveChangesAsync(ct);
            var kind = decision.Events[0] switch
            {
                AiSuggestionAccepted => "accepted_as_is",
                AiSuggestionModified m => m.CorrectionType == FeedbackKind.MinorEdit ? "minor_edit" : "major_edit",
                _ => "rejected",
            };
            tally[kind] = tally.GetValueOrDefault(kind) + 1;
        }
        console.WriteLine($"model {model}: " + string.Join(", ", tally.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}")));
    }

    private async Task PrintPipelineAsync(string tenant, CancellationToken ct)
    {
        await using var session = _store.QuerySession(tenant);
        var view = await PipelineQueries.ViewAsync(session, ct);
        console.WriteLine("\n== Lead pipeline");
        console.WriteLine("| stage | leads | share |");
        console.WriteLine("|---|---:|---:|");
        foreach (var s in view.Stages) console.WriteLine($"| {ChiroJson.Wire(s.Stage)} | {s.Count} | {s.Share:P0} |");
        console.WriteLine($"conversion rate {view.ConversionRate:P0}, win rate {view.WinRate:P0}, lost reasons: " +
                          string.Join(", ", view.LostReasons.Select(r => $"{r.Reason} {r.Count}")));
    }

    private async Task PrintNpsAsync(string tenant, CancellationToken ct)
    {
        await using var session = _store.QuerySession(tenant);
        var surveys = await session.Query<ChiroClick.Projections.Surveys.SurveySummary>().ToListAsync(ct);
        var stats = NpsQueries.Of(surveys.SelectMany(s => s.Responses).ToList());
        var o = stats.Overall;
        console.WriteLine("\n== NPS");
        console.WriteLine($"{o.Responses} responses: {o.Promoters} promoters, {o.Passives} passives, {o.Detractors} detractors, NPS {o.Score?.ToString("0.0", CultureInfo.InvariantCulture) ?? "–"}");
    }

    private async Task PrintCohortsAsync(string tenant, CancellationToken ct)
    {
        await using var session = _store.QuerySession(tenant);
        var cohorts = (await RetentionQueries.CohortsFromVisitsAsync(session, _clock.GetUtcNow(), ct)).Where(c => c.Size > 0).ToList();
        console.WriteLine("\n== Retention cohorts (share of the cohort with a visit in month k after the first; last 12 cohorts)");
        console.WriteLine("| cohort | size | " + string.Join(" | ", Enumerable.Range(0, 7).Select(k => $"m{k}")) + " |");
        console.WriteLine("|---|---:|" + string.Concat(Enumerable.Repeat("---:|", 7)));
        foreach (var c in cohorts.TakeLast(12))
            console.WriteLine($"| {c.Month} | {c.Size} | " + string.Join(" | ", c.Retention.Take(7).Select(r => r is { } v ? v.ToString("P0", CultureInfo.InvariantCulture) : "")) + " |");
        console.WriteLine($"({cohorts.Count} cohorts in all, {cohorts.Sum(c => c.Size)} patients)");
    }

    private async Task ExportTrainingAsync(Guid clinicId, string outDir, CancellationToken ct)
    {
        var manifest = await TrainingExporter.ExportAsync(_store, clinicId, outDir, true, _clock, ct);
        console.WriteLine("\n== Training export (anonymised)");
        console.WriteLine($"{outDir}: " + string.Join(", ", manifest.Counts.Select(c => $"{c.Key} {c.Value}")) +
                          $"; anonymiser {manifest.AnonymiserVersion}; watermark {manifest.Watermark}");
        var firstDpo = Path.Combine(outDir, "dpo.jsonl");
        if (File.Exists(firstDpo) && File.ReadLines(firstDpo).FirstOrDefault() is { } line)
            console.WriteLine("first DPO line: " + (line.Length > 300 ? line[..300] + "…" : line));
    }

    private static IEnumerable<(string Dialogue, string Reference, string AutomaticSummary)> ReadDialogues(string path)
    {
        using var csv = CsvReader.FromFile(path);
        int Column(string name) => csv.Headers.Select((h, i) => (h, i)).First(x => x.h.Trim('\uFEFF') == name).i;
        if (!csv.Read()) yield break;
        int dialogue = Column("Dialogue"), reference = Column("Reference Summary"), automatic = Column("Automatic Summary");
        do
        {
            yield return (csv.GetString(dialogue) ?? "", csv.GetString(reference) ?? "", csv.GetString(automatic) ?? "");
        } while (csv.Read());
    }

    /// <summary>The repository root (the folder holding ChiroClick.sln) above the current directory or the binaries.</summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "ChiroClick.sln"))) return dir.FullName;
        }
        return Directory.GetCurrentDirectory();
    }
}
