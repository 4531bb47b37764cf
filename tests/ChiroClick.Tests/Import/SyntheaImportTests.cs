using ChiroClick.Api.Patients;
using ChiroClick.Api.Clinics;
using ChiroClick.Api.Retention;
using ChiroClick.Api.Import;
using ChiroClick.Domain.Patients;
using ChiroClick.Tests.Infrastructure;
using Npgsql;
using ChiroClick.Tests.Patients;

namespace ChiroClick.Tests.Import;

/// <summary>
/// Imports part of the real Synthea export and checks the API's figures against SQL written directly over
/// the raw events table (chiroclick.mt_events): an independent computation that shares no code with the
/// projections or <c>RetentionMath</c>.
/// </summary>
public sealed class SyntheaImportTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private const int Patients = 111; // the whole export
    private static string Folder => Path.Combine(AppFixture.RepositoryRoot(), "..", "shared", "data", "synthea");

    private async Task<List<T>> Sql<T>(string sql, Func<NpgsqlDataReader, T> map, params (string, object)[] args)
    {
        await using var conn = new NpgsqlConnection(Environment.GetEnvironmentVariable("ConnectionStrings__Marten"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue("tenant", Clinic.Id.ToString());
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(map(reader));
        return rows;
    }

    private const string Visits = """
        with v as (
          select (data->>'patientId')::uuid as p, (data->>'completedAt')::timestamptz as t
          from chiroclick.mt_events where tenant_id = @tenant and type = 'visit_completed')
        """;

    [Fact]
    public async Task imported_history_gives_the_figures_sql_computes_from_the_raw_events_and_a_rerun_adds_nothing()
    {
        var log = new StringWriter();
        var first = await SyntheaImport.RunAsync(Store, Clinic.Id, Folder, Fixture.Clock, log, Patients);

        // Independent count from the CSV itself (PATIENT is the 4th column, before any quoted text).
        var ids = File.ReadLines(Path.Combine(Folder, "patients.csv")).Skip(1).Take(Patients).Select(l => l.Split(',')[0]).ToHashSet();
        var encounters = File.ReadLines(Path.Combine(Folder, "encounters.csv")).Skip(1).Count(l => ids.Contains(l.Split(',')[3]));
        first.PatientsRegistered.ShouldBe(Patients);
        first.VisitsAppended.ShouldBe(encounters);
        log.ToString().ShouldContain($"{Patients}/{Patients}] patients, {encounters} visits appended");

        var again = await SyntheaImport.RunAsync(Store, Clinic.Id, Folder, Fixture.Clock, TextWriter.Null, Patients);
        again.PatientsRegistered.ShouldBe(0);
        again.PatientsAlreadyThere.ShouldBe(Patients);
        again.VisitsAppended.ShouldBe(0);
        again.VisitsAlreadyThere.ShouldBe(encounters);
        again.LifecycleMoves.ShouldBe(0);
        (await Sql("select count(*) from chiroclick.mt_events where tenant_id = @tenant and type = 'visit_completed'", r => r.GetInt64(0)))
            .Single().ShouldBe(encounters);

        // Cohorts: month of first visit × months since, from the raw events.
        var sqlCells = await Sql(Visits + """
            , f as (select p, min(t) as first from v group by p),
            m as (select distinct v.p, to_char(f.first at time zone 'UTC', 'YYYY-MM') as cohort,
                    ((extract(year from v.t at time zone 'UTC') * 12 + extract(month from v.t at time zone 'UTC'))
                     - (extract(year from f.first at time zone 'UTC') * 12 + extract(month from f.first at time zone 'UTC')))::int as k
                  from v join f using (p))
            select cohort, k, count(*)::int from m where k <= 12 group by cohort, k order by cohort, k
            """, r => (Cohort: r.GetString(0), K: r.GetInt32(1), N: r.GetInt32(2)));
        await WaitForProjections();
        var cohorts = await Host.GetJson<CohortsView>(Clinic, "/api/v1/crm/retention/cohorts");
        cohorts.Cohorts.Count.ShouldBeGreaterThan(3);
        var apiCells = cohorts.Cohorts.SelectMany(c => c.Retained.Select((n, k) => (Cohort: c.Month, K: k, N: n ?? 0))).Where(x => x.N > 0).ToList();
        apiCells.ShouldBe(sqlCells);
        cohorts.Cohorts.Sum(c => c.Size).ShouldBe(Patients);

        // Churn per month with the clinic's threshold (90 days), "now" from the same clock.
        await WaitForProjections();
        var churn = await Host.GetJson<ChurnView>(Clinic, "/api/v1/crm/retention/churn");
        var sqlChurn = await Sql(Visits + """
            , ms as (select g at time zone 'UTC' as s, (g + interval '1 month') at time zone 'UTC' as e, to_char(g, 'YYYY-MM') as name
                    from generate_series(date_trunc('month', (select min(t) from v) at time zone 'UTC'),
                                         date_trunc('month', @asof at time zone 'UTC'), interval '1 month') as g),
            lb as (select ms.name, ms.s, ms.e, v.p, max(v.t) as last from ms join v on v.t < ms.s group by ms.name, ms.s, ms.e, v.p),
            act as (select lb.*, lb.last + interval '1 hour' * 24 * @days as churn_at,
                      (select min(v2.t) from v v2 where v2.p = lb.p and v2.t >= lb.s) as nxt
                    from lb where lb.last + interval '1 hour' * 24 * @days > lb.s)
            select name, count(*)::int,
                   (count(*) filter (where churn_at < e and churn_at <= @asof and (nxt is null or nxt >= churn_at)))::int
            from act group by name order by name
            """, r => (Month: r.GetString(0), Active: r.GetInt32(1), Churned: r.GetInt32(2)), ("asof", churn.AsOf), ("days", 90));
        churn.Months.Where(m => m.ActiveAtStart > 0).Select(m => (m.Month, m.ActiveAtStart, m.Churned)).ToList().ShouldBe(sqlChurn);
        sqlChurn.Sum(x => x.Churned).ShouldBeGreaterThan(0);

        // Lifecycle: the last move of every patient, straight from the events.
        var lastMoves = await Sql("""
            select distinct on (stream_id) data->>'to' from chiroclick.mt_events
            where tenant_id = @tenant and type = 'lifecycle_stage_changed' order by stream_id, seq_id desc
            """, r => Enum.Parse<LifecycleStage>(r.GetString(0).Replace("_", ""), ignoreCase: true)); // storage spelling either way
        await WaitForProjections();
        var stats = await Host.GetJson<LifecycleStats>(Clinic, "/api/v1/crm/lifecycle/stats");
        foreach (var figure in stats.Stages.Where(s => s.Stage != LifecycleStage.New))
            figure.Count.ShouldBe(lastMoves.Count(x => x == figure.Stage), figure.Stage.ToString());
        stats.TotalPatients.ShouldBe(Patients);
        await WaitForProjections();
        var overview = await Host.GetJson<CrmOverview>(Clinic, "/api/v1/crm/overview");
        overview.PatientsPerStage.Values.Sum().ShouldBe(Patients);
        overview.PatientsPerStage[LifecycleStage.Lost].ShouldBe(lastMoves.Count(x => x == LifecycleStage.Lost));
    }

    [Fact]
    public async Task an_unknown_clinic_or_folder_is_refused()
    {
        await Should.ThrowAsync<InvalidOperationException>(() =>
            SyntheaImport.RunAsync(Store, Guid.NewGuid(), Folder, Fixture.Clock, TextWriter.Null, 1));
        await Should.ThrowAsync<InvalidOperationException>(() =>
            SyntheaImport.RunAsync(Store, Clinic.Id, "/nonexistent", Fixture.Clock, TextWriter.Null, 1));
    }
}
