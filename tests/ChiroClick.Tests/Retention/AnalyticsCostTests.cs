using ChiroClick.Api.Access;
using ChiroClick.Api.Patients;
using ChiroClick.Api.Clinics;
using ChiroClick.Api.Referrals;
using ChiroClick.Api.Retention;
using ChiroClick.Api.Surveys;
using ChiroClick.Api.Seeding;
using ChiroClick.Tests.Infrastructure;
using Marten;
using Marten.Events;
using Marten.Services;
using Npgsql;

namespace ChiroClick.Tests.Retention;

/// <summary>
/// The analytics endpoints' cost does not grow with the clinic: at 1,000 and at 10,000 patients (same span of history) each
/// endpoint makes the same SQL round trips and reads only the per-clinic and per-clinic-month documents, as many of them.
/// </summary>
public sealed class AnalyticsCostTests(AppFixture fixture) : IntegrationContext(fixture)
{
    /// <summary>Counts the SQL statements a session runs and keeps their text.</summary>
    private sealed class SqlCounter : IMartenSessionLogger
    {
        public List<string> Statements { get; } = new();
        public void LogSuccess(NpgsqlCommand command) => Statements.Add(command.CommandText);
        public void LogFailure(NpgsqlCommand command, Exception ex) => Statements.Add(command.CommandText);
        public void LogSuccess(NpgsqlBatch batch) => Statements.AddRange(batch.BatchCommands.Cast<NpgsqlBatchCommand>().Select(c => c.CommandText));
        public void LogFailure(NpgsqlBatch batch, Exception ex) => Statements.AddRange(batch.BatchCommands.Cast<NpgsqlBatchCommand>().Select(c => c.CommandText));
        public void LogFailure(Exception ex, string message) { }
        public void RecordSavedChanges(IDocumentSession session, IChangeSet commit) { }
        public void OnBeforeExecute(NpgsqlCommand command) { }
        public void OnBeforeExecute(NpgsqlBatch batch) { }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static readonly string[] Allowed = ["mt_doc_clinicanalytics", "mt_doc_clinicmonth", "mt_doc_clinicmonthmoments", "mt_doc_npsmonthcounts", "mt_doc_leadpipeline"];

    private async Task<Dictionary<string, (int Statements, int Documents)>> CostAsync(TestClinic clinic, DateTimeOffset now)
    {
        var clock = new FixedClock(now);
        var ct = CancellationToken.None;
        var calls = new Dictionary<string, Func<IQuerySession, Task<object>>>
        {
            ["cohorts"] = async s => await RetentionEndpoints.Cohorts(s, clock, ct),
            ["churn"] = async s => await RetentionEndpoints.Churn(s, clock, ct),
            ["retention"] = async s => await RetentionEndpoints.Summary(s, clock, ct),
            ["nps"] = async s => await GetNpsStatsEndpoint.Stats(s, null, ct),
            ["lifecycle"] = async s => await GetLifecycleStatsEndpoint.Stats(s, ct),
            ["referrals"] = async s => await GetReferralStatsEndpoint.Get(s, ct),
            ["overview"] = async s => await OverviewEndpoint.Get(s, clock, ct),
        };
        var result = new Dictionary<string, (int, int)>();
        foreach (var (name, call) in calls)
        {
            await using var session = Store.QuerySession(ApiKeys.TenantOf(clinic.Id));
            var counter = new SqlCounter();
            session.Logger = counter;
            await call(session);
            foreach (var sql in counter.Statements)
            {
                var tables = System.Text.RegularExpressions.Regex.Matches(sql, @"mt_doc_\w+|mt_events|mt_streams").Select(m => m.Value).Distinct().ToList();
                tables.ShouldNotBeEmpty(sql);
                tables.ShouldAllBe(t => Allowed.Contains(t), $"{name}: {sql}");
            }
            // Documents the statements can read: every row of the tables they touch, for this clinic.
            var documents = 0;
            foreach (var table in counter.Statements.SelectMany(sql => System.Text.RegularExpressions.Regex.Matches(sql, @"mt_doc_\w+").Select(m => m.Value)).Distinct())
                documents += await CountAsync(table, clinic.Id);
            result[name] = (counter.Statements.Count, documents);
        }
        return result;
    }

    private static async Task<int> CountAsync(string table, Guid clinic)
    {
        await using var conn = new NpgsqlConnection(Environment.GetEnvironmentVariable("ConnectionStrings__Marten"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"select count(*) from chiroclick.{table} where tenant_id = @t", conn);
        cmd.Parameters.AddWithValue("t", clinic.ToString());
        return Convert.ToInt32(await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task endpoints_make_the_same_queries_over_as_many_documents_at_1000_and_10000_patients()
    {
        var small = Clinic;
        var large = await Fixture.NewClinicAsync("Large clinic");
        // Two years of history: every month of the span has visits in both clinics, so both have the same month documents.
        await SyntheticHistory.AppendAsync(Store, small.Id, new SyntheticHistoryOptions(1_000, 2, 200, 2, Seed: 1), Fixture.Clock, TextWriter.Null);
        await SyntheticHistory.AppendAsync(Store, large.Id, new SyntheticHistoryOptions(10_000, 2, 2_000, 2, Seed: 2), Fixture.Clock, TextWriter.Null);
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(5));

        var now = Fixture.Clock.GetUtcNow();
        var smallCost = await CostAsync(small, now);
        var largeCost = await CostAsync(large, now);

        foreach (var (name, cost) in smallCost)
        {
            largeCost[name].Statements.ShouldBe(cost.Statements, name);
            // Month documents span the history (the same two years) plus the churn threshold ahead; an edge month may hold a
            // churn moment in one clinic and not in the other, so allow a few, never a number that grows with the patients.
            largeCost[name].Documents.ShouldBeInRange(cost.Documents - 3, cost.Documents + 3, name);
            largeCost[name].Documents.ShouldBeLessThan(100, name);
        }
        // And the figures are not empty: the large clinic has ten times the patients.
        (await RetentionEndpoints.Summary(Store.QuerySession(ApiKeys.TenantOf(large.Id)), new FixedClock(now), CancellationToken.None))
            .RegisteredPatients.ShouldBe(10_000);
    }
}
