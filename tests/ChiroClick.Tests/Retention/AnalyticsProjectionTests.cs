using System.Text.Json;
using ChiroClick.Api.Access;
using ChiroClick.Api.Patients;
using ChiroClick.Api.Clinics;
using ChiroClick.Api.Referrals;
using ChiroClick.Api.Retention;
using ChiroClick.Api.Surveys;
using ChiroClick.Api.Import;
using ChiroClick.Api.Seeding;
using ChiroClick.Domain.Patients;
using ChiroClick.Projections.Patients;
using ChiroClick.Projections.Referrals;
using ChiroClick.Projections.Retention;
using ChiroClick.Projections.Surveys;
using ChiroClick.Tests.Patients;
using ChiroClick.Tests.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Http;

namespace ChiroClick.Tests.Retention;

/// <summary>
/// The analytics endpoints answer from <see cref="ClinicAnalyticsProjection"/>; these tests compare every answer with the
/// reference computation over the full inline read models and raw events (<see cref="RetentionMath"/>, the former endpoint
/// code kept as <c>Of</c>/<c>ReferenceAsync</c>), over the Synthea import and over a synthetic history with out-of-order
/// visits, manual moves, referrals and a churn threshold change, at several "now"s.
/// </summary>
public sealed class AnalyticsProjectionTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static string Json(object? value) => JsonSerializer.Serialize(value);

    private async Task AssertSameAsReferenceAsync(DateTimeOffset asOf)
    {
        var clock = new FixedClock(asOf);
        await using var session = Store.QuerySession(ApiKeys.TenantOf(Clinic.Id));
        var ct = CancellationToken.None;
        var visits = await RetentionQueries.VisitTimesAsync(session, ct);
        var threshold = (await ClinicSettingsStore.ForSessionAsync(session, ct)).ChurnThresholdDays;
        visits.Sum(v => v.Count).ShouldBeGreaterThan(0);
        var label = $"as of {asOf:O}, threshold {threshold}";

        Json((await RetentionEndpoints.Cohorts(session, clock, ct)).Cohorts).ShouldBe(Json(RetentionMath.Cohorts(visits, asOf)), label);
        var churn = await RetentionEndpoints.Churn(session, clock, ct);
        churn.ChurnThresholdDays.ShouldBe(threshold);
        Json(churn.Months).ShouldBe(Json(RetentionMath.Churn(visits, asOf, threshold)), label);
        Json(await RetentionEndpoints.Summary(session, clock, ct)).ShouldBe(Json(RetentionMath.Summary(visits, visits.Count, asOf, threshold)), label);

        var surveys = await session.Query<SurveySummary>().ToListAsync(ct);
        var nps = (IValueHttpResult)await GetNpsStatsEndpoint.Stats(session, null, ct);
        Json(nps.Value).ShouldBe(Json(NpsQueries.Of(surveys.SelectMany(s => s.Responses).ToList())));
        foreach (var survey in surveys)
        {
            var one = (IValueHttpResult)await GetNpsStatsEndpoint.Stats(session, survey.Id.ToString(), ct);
            Json(one.Value).ShouldBe(Json(NpsQueries.Of(survey.Responses)));
        }

        // Whole documents: Marten's scalar Select of an enum parses the stored wire name ("at_risk") with Enum.Parse and fails.
        var stages = (await session.Query<PatientSummary>().ToListAsync(ct)).Select(x => x.Stage).ToList();
        var moves = await session.Events.QueryRawEventDataOnly<LifecycleStageChanged>().ToListAsync(ct);
        var lifecycle = await GetLifecycleStatsEndpoint.Stats(session, ct);
        Json(lifecycle).ShouldBe(Json(new LifecycleStats(stages.Count, Enum.GetValues<LifecycleStage>()
            .Select(s => new LifecycleStageFigure(s, stages.Count(x => x == s), stages.Count == 0 ? 0 : Math.Round((double)stages.Count(x => x == s) / stages.Count, 4)))
            .ToList(), moves.Count(m => m.Automatic), moves.Count(m => !m.Automatic))));

        Json(await GetReferralStatsEndpoint.Get(session, ct))
            .ShouldBe(Json(GetReferralStatsEndpoint.Of(await session.Query<ReferralSummary>().ToListAsync(ct))));
        Json(await OverviewEndpoint.Get(session, clock, ct)).ShouldBe(Json(await OverviewEndpoint.ReferenceAsync(session, asOf, ct)));
    }

    [Fact]
    public async Task projections_give_the_reference_figures_over_a_synthetic_history_with_out_of_order_visits_and_a_threshold_change()
    {
        var summary = await SyntheticHistory.AppendAsync(Store, Clinic.Id, new SyntheticHistoryOptions(300, 6, 400, 3, Seed: 7),
            Fixture.Clock, TextWriter.Null);
        summary.Visits.ShouldBeGreaterThan(1000);
        var now = Fixture.Clock.GetUtcNow();

        // Recorded through the API, out of order: visits before the patients' first ones, manual moves, referrals.
        await using (var query = Store.QuerySession(ApiKeys.TenantOf(Clinic.Id)))
        {
            var patients = await query.Query<PatientSummary>().OrderBy(x => x.Id).Take(12).ToListAsync();
            for (var i = 0; i < 6; i++)
                await Host.Visited(Clinic, patients[i].Id, (patients[i].FirstVisitAt ?? now).AddDays(-40 - 17 * i));
            await As(s => s.Put.Json(new { stage = "at_risk", reason = "ringte ikke tilbake" }).ToUrl($"/api/v1/crm/lifecycle/{patients[6].Id}"));
            await As(s => { s.Post.Json(new { referringPatientId = patients[7].Id, referredPatientId = patients[8].Id }).ToUrl("/api/v1/crm/referrals"); s.StatusCodeShouldBe(201); });
            var referral = await As(s => { s.Post.Json(new { referringPatientId = patients[7].Id, referredPatientId = patients[9].Id }).ToUrl("/api/v1/crm/referrals"); s.StatusCodeShouldBe(201); });
            var referralId = (await referral.ReadAsJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            await As(s => s.Put.Json(new { reward = "Gavekort" }).ToUrl($"/api/v1/crm/referrals/{referralId}"));
        }
        await WaitForProjections();
        foreach (var days in new[] { 0, 20, 100, 400 }) await AssertSameAsReferenceAsync(now.AddDays(days));

        await As(s => s.Put.Json(new { churnThresholdDays = 45 }).ToUrl("/api/v1/crm/settings"));
        await WaitForProjections();
        foreach (var days in new[] { 0, 31, 200 }) await AssertSameAsReferenceAsync(now.AddDays(days));

        // A rebuild from the raw events (what `projections verify` does in a shadow schema) gives the same documents.
        var verified = await new ChiroClick.Api.Tools.ProjectionVerifier(Environment.GetEnvironmentVariable("ConnectionStrings__Marten")!)
            .VerifyAsync([ClinicAnalyticsProjection.Name], clinics: [Clinic.Id.ToString()]);
        verified.Single().DocumentsCompared.ShouldBeGreaterThan(300);
        verified.Single().Differences.ShouldBeEmpty();
    }

    [Fact]
    public async Task projections_give_the_reference_figures_over_the_synthea_import()
    {
        var folder = Path.Combine(AppFixture.RepositoryRoot(), "..", "shared", "data", "synthea");
        await SyntheaImport.RunAsync(Store, Clinic.Id, folder, Fixture.Clock, TextWriter.Null, 111);
        await WaitForProjections();
        var now = Fixture.Clock.GetUtcNow();
        foreach (var days in new[] { 0, 45, 365 }) await AssertSameAsReferenceAsync(now.AddDays(days));
    }
}
