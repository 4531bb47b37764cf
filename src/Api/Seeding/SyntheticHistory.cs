using System.Diagnostics;
using ChiroClick.Api.Access;
using ChiroClick.Domain.Clinics;
using ChiroClick.Domain.Leads;
using ChiroClick.Domain.Patients;
using ChiroClick.Domain.Surveys;
using ChiroClick.Projections.Leads;
using ChiroClick.Projections.Patients;
using ChiroClick.Projections.Surveys;
using JasperFx.Events;
using Marten;

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
/// <param name="AppendTime">Time of the bulk append alone.</param>
/// <param name="InlineTime">Time of bringing the inline read models up to date afterwards.</param>
public sealed record SyntheticHistorySummary(int Events, int Patients, int Visits, int LifecycleMoves, int SurveyResponses, int Leads,
    TimeSpan AppendTime, TimeSpan InlineTime)
{
    /// <summary>Events per second of the bulk append.</summary>
    public double EventsPerSecond => Events / Math.Max(AppendTime.TotalSeconds, 1e-6);
}

/// <summary>
/// Appends a realistic synthetic history to one clinic: patients registered over the span, visits with ICPC-2 codes at
/// irregular intervals (lifecycle moves decided by <see cref="PatientDecisions.RecordVisit"/> as for any visit), one NPS
/// survey with its answers (promoters ≈ 55 %, passives ≈ 25 %, detractors ≈ 20 %), and one lead per ten patients.
/// Events go in through Marten's bulk append (<c>BulkInsertEventsAsync</c>, PostgreSQL COPY), which skips inline
/// projections, so the inline read models of the streams written (patients, visits, leads, the survey) are then built
/// from those streams' events and stored in one go; async projections catch up through the daemon as usual.
/// Business times are in the events (<c>CompletedAt</c>, <c>ReceivedAt</c>, <c>ChangedAt</c>); nothing is sent to anyone:
/// automation only reacts to facts recorded close to their business time.
/// </summary>
public static class SyntheticHistory
{
    private static readonly string[] Icpc2 = ["L03", "L02", "L01", "L84", "L86", "L83", "L92", "L18", "L08", "L15", "L17", "N01", "N02", "L04"];
    private static readonly string[] Treatments = ["manipulasjon L4-L5", "bløtvevsbehandling", "øvelser og råd", "mobilisering nakke", "trykkbølge"];
    private static readonly string[] Given = ["Ola", "Kari", "Per", "Ingrid", "Lars", "Nora", "Jonas", "Emma", "Aksel", "Sofie"];
    private static readonly string[] Family = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Berg", "Haugen"];

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
        ClinicSettings settings;
        await using (var query = store.QuerySession(tenant))
        {
            var clinic = await query.Events.AggregateStreamAsync<Clinic>(clinicId, token: ct)
                         ?? throw new InvalidOperationException($"No clinic with id {clinicId}. Register one with: clinics add \"<name>\"");
            settings = clinic.Settings;
        }

        var random = new Random(options.Seed);
        var now = clock.GetUtcNow();
        var start = now.AddYears(-options.Years);
        var span = (now - start).TotalSeconds;
        await using var builder = store.LightweightSession(tenant);
        var streams = new List<StreamAction>();
        var summaries = new List<object>();
        int events = 0, visits = 0, moves = 0, leads = 0;
        var patientIds = new Guid[options.Patients];
        var firstVisits = new DateTimeOffset[options.Patients];

        for (var i = 0; i < options.Patients; i++)
        {
            var id = Guid.CreateVersion7();
            patientIds[i] = id;
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
                if (k == 0) firstVisits[i] = at;
                var decided = PatientDecisions.RecordVisit(state, visit, settings.CheckInFrequencyDays);
                state = state.Replayed(decided);
                stream.AddRange(decided);
                moves += decided.Count(x => x is LifecycleStageChanged);
                visits++;
                // Exponential gaps: most patients come back within weeks, some only after months.
                at = at.AddDays(-Math.Log(1 - random.NextDouble()) * meanGapDays + 1);
            }
            streams.Add(builder.Events.StartStream<Patient>(id, stream.ToArray()));
            events += stream.Count;
        }

        for (var i = 0; i < options.Patients / 10; i++)
        {
            var id = Guid.CreateVersion7();
            var captured = new LeadCaptured(id, $"{Given[random.Next(Given.Length)]} {Family[random.Next(Family.Length)]}", null,
                $"lead{i}@example.invalid", (LeadSource)random.Next(Enum.GetValues<LeadSource>().Length), "Vondt i korsryggen", random.Next(2) == 0, null);
            streams.Add(builder.Events.StartStream<Lead>(id, captured));
            events++;
            leads++;
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
            streams.Add(builder.Events.StartStream<Survey>(surveyId, survey.ToArray()));
            events += survey.Count;
        }

        await log.WriteLineAsync($"Generated {events:N0} events ({options.Patients:N0} patients, {visits:N0} visits, {moves:N0} lifecycle moves, " +
                                 $"{options.SurveyResponses:N0} survey responses, {leads:N0} leads); appending ...");
        var watch = Stopwatch.StartNew();
        await store.BulkInsertEventsAsync(tenant, streams, 10_000, ct);
        var appendTime = watch.Elapsed;
        await log.WriteLineAsync($"Appended {events:N0} events in {appendTime.TotalSeconds:F1} s ({events / Math.Max(appendTime.TotalSeconds, 1e-6):N0} events/s)");

        watch.Restart();
        await BuildInlineReadModelsAsync(store, tenant, streams, ct);
        var inlineTime = watch.Elapsed;
        await log.WriteLineAsync($"Inline read models of {streams.Count:N0} streams stored in {inlineTime.TotalSeconds:F1} s");
        return new SyntheticHistorySummary(events, options.Patients, visits, moves, options.SurveyResponses, leads, appendTime, inlineTime);
    }

    /// <summary>
    /// The bulk append skips inline projections: aggregate each new stream's inline documents from its events in memory
    /// (Marten's own projection code, through <c>AggregateStreamAsync</c> over the events just written) and bulk-store them.
    /// </summary>
    private static async Task BuildInlineReadModelsAsync(IDocumentStore store, string tenant, IReadOnlyList<StreamAction> streams, CancellationToken ct)
    {
        foreach (var chunk in streams.Chunk(2_000))
        {
            await using var session = store.LightweightSession(tenant);
            foreach (var stream in chunk)
            {
                var type = stream.AggregateType;
                if (type == typeof(Patient))
                {
                    var summary = await session.Events.AggregateStreamAsync<PatientSummary>(stream.Id, token: ct);
                    var visits = await session.Events.AggregateStreamAsync<PatientVisits>(stream.Id, token: ct);
                    if (summary is not null) session.Store(summary);
                    if (visits is not null) session.Store(visits);
                }
                else if (type == typeof(Lead))
                {
                    var summary = await session.Events.AggregateStreamAsync<LeadSummary>(stream.Id, token: ct);
                    var lead = await session.Events.AggregateStreamAsync<Lead>(stream.Id, token: ct);
                    if (summary is not null) session.Store(summary);
                    if (lead is not null) session.Store(lead);
                }
                else if (type == typeof(Survey))
                {
                    var summary = await session.Events.AggregateStreamAsync<SurveySummary>(stream.Id, token: ct);
                    if (summary is not null) session.Store(summary);
                }
            }
            await session.SaveChangesAsync(ct);
        }
    }
}
