using ChiroClick.Domain.Clinics;
using ChiroClick.Domain.Leads;
using ChiroClick.Domain.Patients;
using ChiroClick.Domain.Surveys;
using JasperFx.Events;

namespace ChiroClick.Api.Seeding;

/// <summary>Counts of what a <see cref="SyntheticHistoryGenerator"/> produced so far.</summary>
internal sealed class SyntheticCounts
{
    public int Events;
    public int Visits;
    public int Moves;
    public int Leads;
}

/// <summary>
/// Produces a synthetic history as chunks of new streams (Marten <see cref="StreamAction"/>s, built by a throw-away session
/// of the clinic so event type names, tenant and aggregate types are Marten's own), lazily, so generating the next chunk
/// overlaps with appending the previous one. The random draws are made in one fixed order (patients, then leads, then the
/// survey), so a seed and a clock always give the same times and scores whatever the chunk size.
/// </summary>
internal sealed class SyntheticHistoryGenerator(IDocumentStore store, string tenant, SyntheticHistoryOptions options, ClinicSettings settings,
    DateTimeOffset now)
{
    private static readonly string[] Icpc2 = ["L03", "L02", "L01", "L84", "L86", "L83", "L92", "L18", "L08", "L15", "L17", "N01", "N02", "L04"];
    private static readonly string[] Treatments = ["manipulasjon L4-L5", "bløtvevsbehandling", "øvelser og råd", "mobilisering nakke", "trykkbølge"];
    private static readonly string[] Given = ["Ola", "Kari", "Per", "Ingrid", "Lars", "Nora", "Jonas", "Emma", "Aksel", "Sofie"];
    private static readonly string[] Family = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Berg", "Haugen"];

    /// <summary>Recording time of every event: "now" at PostgreSQL's precision (what the store's clock stamps, a microsecond).</summary>
    private DateTimeOffset RecordedAt => now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));

    /// <summary>Streams per chunk target, in events (a chunk holds whole streams, so it may be larger).</summary>
    public int ChunkEvents { get; init; } = 20_000;

    /// <summary>What was generated so far (complete once <see cref="Chunks"/> is exhausted).</summary>
    public SyntheticCounts Counts { get; } = new();

    /// <summary>The history, chunk by chunk, in sequence order: patient streams, lead streams, the survey stream.</summary>
    public IEnumerable<List<StreamAction>> Chunks()
    {
        var random = new Random(options.Seed);
        var start = now.AddYears(-options.Years);
        var span = (now - start).TotalSeconds;
        var patientIds = new Guid[options.Patients];
        var chunk = new Chunk(store, tenant, RecordedAt);

        for (var i = 0; i < options.Patients; i++)
        {
            patientIds[i] = Guid.CreateVersion7();
            chunk.Start<Patient>(patientIds[i], PatientStream(random, patientIds[i], i, start, span));
            if (chunk.Events >= ChunkEvents) yield return Take(ref chunk);
        }

        for (var i = 0; i < options.Patients / 10; i++)
        {
            var id = Guid.CreateVersion7();
            var captured = new LeadCaptured(id, $"{Given[random.Next(Given.Length)]} {Family[random.Next(Family.Length)]}", null,
                $"lead{i}@example.invalid", (LeadSource)random.Next(Enum.GetValues<LeadSource>().Length), "Vondt i korsryggen", random.Next(2) == 0, null);
            chunk.Start<Lead>(id, [captured]);
            Counts.Leads++;
            if (chunk.Events >= ChunkEvents) yield return Take(ref chunk);
        }

        if (options.SurveyResponses > 0)
        {
            var surveyId = Guid.CreateVersion7();
            var survey = new List<object> { new SurveyCreated(surveyId, "Synthetic NPS", "Hvor sannsynlig er det at du vil anbefale klinikken? (0–10)") };
            for (var i = 0; i < options.SurveyResponses; i++)
            {
                var roll = random.NextDouble();
                var score = roll < 0.55 ? 9 + random.Next(2) : roll < 0.80 ? 7 + random.Next(2) : random.Next(7);
                Guid? patient = options.Patients == 0 ? null : patientIds[random.Next(options.Patients)];
                var received = start.AddSeconds(random.NextDouble() * span);
                survey.Add(new SurveyResponseReceived(surveyId, Guid.CreateVersion7(), patient, score, null, received));
            }
            chunk.Start<Survey>(surveyId, survey);
        }
        if (chunk.Events > 0) yield return Take(ref chunk);
    }

    private List<object> PatientStream(Random random, Guid id, int i, DateTimeOffset start, double span)
    {
        var name = $"{Given[random.Next(Given.Length)]} {Family[random.Next(Family.Length)]}";
        var registered = start.AddSeconds(random.NextDouble() * span * 0.95);
        var reg = new PatientRegistered(id, name, DateOnly.FromDateTime(registered.UtcDateTime.AddYears(-20 - random.Next(60))), null,
            null, null, null, [new ConsentGrant(ConsentChannel.Sms, ConsentPurpose.Care)], null, $"synthetic:{options.Seed}:{i}");
        var state = Patient.Create(reg);
        var stream = new List<object> { reg };
        var count = options.VisitsPerPatient == 0 ? 0 : 1 + random.Next(2 * options.VisitsPerPatient - 1);
        var at = registered.AddHours(1 + random.NextDouble() * 24 * 14);
        var meanGapDays = Math.Clamp((now - at).TotalDays / Math.Max(count, 1), 3, 60);
        for (var k = 0; k < count && at < now; k++)
        {
            var visit = new VisitCompleted(id, Guid.CreateVersion7(), at, "Kiropraktor Berg",
                [Icpc2[random.Next(Icpc2.Length)]], Treatments[random.Next(Treatments.Length)], null);
            var decided = PatientDecisions.RecordVisit(state, visit, settings.CheckInFrequencyDays);
            state = state.Replayed(decided);
            stream.AddRange(decided);
            Counts.Moves += decided.Count(x => x is LifecycleStageChanged);
            Counts.Visits++;
            // Exponential gaps: most patients come back within weeks, some only after months.
            at = at.AddDays(-Math.Log(1 - random.NextDouble()) * meanGapDays + 1);
        }
        return stream;
    }

    private List<StreamAction> Take(ref Chunk chunk)
    {
        var streams = chunk.Streams;
        Counts.Events += chunk.Events;
        chunk.Dispose();
        chunk = new Chunk(store, tenant, RecordedAt);
        return streams;
    }

    /// <summary>A throw-away session that only builds <see cref="StreamAction"/>s (it is never saved).</summary>
    private sealed class Chunk(IDocumentStore store, string tenant, DateTimeOffset recordedAt) : IDisposable
    {
        private readonly IDocumentSession _builder = store.LightweightSession(tenant);
        public List<StreamAction> Streams { get; } = new();
        public int Events { get; private set; }

        public void Start<T>(Guid id, List<object> events) where T : class
        {
            var stream = _builder.Events.StartStream<T>(id, events.ToArray());
            // Recorded "now" on the clinic's clock, as Marten stamps an ordinary append (the bulk COPY would take the machine's).
            foreach (var e in stream.Events) e.Timestamp = recordedAt;
            Streams.Add(stream);
            Events += events.Count;
        }

        public void Dispose() => _builder.Dispose();
    }
}
