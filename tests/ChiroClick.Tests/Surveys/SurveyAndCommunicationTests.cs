using ChiroClick.Api.Common;
using ChiroClick.Api.Clinics;
using ChiroClick.Api.Surveys;
using ChiroClick.Domain.Communications;
using ChiroClick.Domain.Leads;
using ChiroClick.Domain.Patients;
using ChiroClick.Projections.Communications;
using ChiroClick.Projections.Surveys;
using ChiroClick.Tests.Infrastructure;
using JasperFx.Events.Daemon;
using Microsoft.Extensions.DependencyInjection;
using ChiroClick.Tests.Patients;

namespace ChiroClick.Tests.Surveys;

public sealed class SurveyAndCommunicationTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private async Task<Guid> CreatedSurvey()
    {
        var result = await As(s => { s.Post.Json(new { name = "NPS etter behandling" }).ToUrl("/api/v1/crm/surveys"); s.StatusCodeShouldBe(201); });
        return (await result.ReadAsJsonAsync<SurveyCreatedResponse>())!.Id;
    }

    private Task Respond(Guid survey, int score, DateTimeOffset at) =>
        As(s => { s.Post.Json(new { score, receivedAt = at, comment = "ok" }).ToUrl($"/api/v1/crm/surveys/{survey}/responses"); s.StatusCodeShouldBe(201); });

    [Fact]
    public async Task nps_overall_and_per_month_match_hand_computed_figures()
    {
        var survey = await CreatedSurvey();
        var may = new DateTimeOffset(2025, 5, 10, 9, 0, 0, TimeSpan.Zero);
        var june = new DateTimeOffset(2025, 6, 10, 9, 0, 0, TimeSpan.Zero);
        foreach (var score in new[] { 10, 9, 9, 8, 7 }) await Respond(survey, score, may);    // P3 Pa2 D0 → +60
        foreach (var score in new[] { 6, 3, 0, 10, 5 }) await Respond(survey, score, june);   // P1 D4 → −60

        await WaitForProjections();
        var stats = await Host.GetJson<NpsStats>(Clinic, "/api/v1/crm/surveys/nps/stats");

        stats.Overall.ShouldBe(new ChiroClick.Domain.Surveys.NpsFigures(10, 4, 2, 4, 0));
        stats.Months.ShouldBe([
            new NpsMonth("2025-05", new(5, 3, 2, 0, 60)),
            new NpsMonth("2025-06", new(5, 1, 0, 4, -60)),
        ]);
        var responses = (await Host.GetJson<Paged<SurveyResponse>>(Clinic, $"/api/v1/crm/surveys/{survey}/responses")).Items;
        responses.Count.ShouldBe(10);
        responses[0].Score.ShouldBe(10);
        (await Host.GetJson<Paged<SurveyListItem>>(Clinic, "/api/v1/crm/surveys")).Items.Single().ResponseCount.ShouldBe(10);
        (await Host.GetJson<Paged<SurveyResponse>>(Clinic, $"/api/v1/crm/surveys/{survey}/responses?page=2&pageSize=4")).Items.Count.ShouldBe(4);

        var coordinator = Host.Services.GetRequiredService<IProjectionCoordinator>();
        await coordinator.PauseAsync();
        try
        {
            using var daemon = await Store.BuildProjectionDaemonAsync();
            await daemon.RebuildProjectionAsync<SurveySummaryProjection>(TimeSpan.FromMinutes(1), CancellationToken.None);
            await daemon.RebuildProjectionAsync(ChiroClick.Projections.Retention.ClinicAnalyticsProjection.Name, TimeSpan.FromMinutes(1), CancellationToken.None);
        }
        finally
        {
            await coordinator.ResumeAsync();
        }
        await WaitForProjections();
        var rebuilt = await Host.GetJson<NpsStats>(Clinic, "/api/v1/crm/surveys/nps/stats");
        rebuilt.Overall.ShouldBe(stats.Overall);
        rebuilt.Months.ShouldBe(stats.Months);
    }

    [Fact]
    public async Task unreadable_query_values_are_400_not_500()
    {
        foreach (var url in new[] { "/api/v1/crm/communications?from=yesterday", "/api/v1/crm/communications?patientId=xyz",
                     "/api/v1/crm/communications?pageSize=0", "/api/v1/patients?page=0", "/api/v1/patients?pageSize=ten", "/api/v1/crm/referrals?converted=maybe",
                     "/api/v1/crm/waitlist?open=1x", "/api/v1/crm/leads?page=two", "/api/v1/crm/lifecycle?page=x", "/api/v1/crm/surveys/nps/stats?surveyId=nope" })
        {
            var result = await Host.Scenario(s =>
            {
                s.WithRequestHeader("X-Api-Key", Clinic.Key);
                s.Get.Url(url);
                s.IgnoreStatusCode();
            });
            result.Context.Response.StatusCode.ShouldBe(400, url);
        }
    }

    [Fact]
    public async Task bad_scores_are_400_and_unknown_surveys_404()
    {
        var survey = await CreatedSurvey();
        await As(s => { s.Post.Json(new { score = 11 }).ToUrl($"/api/v1/crm/surveys/{survey}/responses"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Json(new { score = -1 }).ToUrl($"/api/v1/crm/surveys/{survey}/responses"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Json(new { }).ToUrl($"/api/v1/crm/surveys/{survey}/responses"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Json(new { score = 9 }).ToUrl($"/api/v1/crm/surveys/{Guid.NewGuid()}/responses"); s.StatusCodeShouldBe(404); });
        await As(s => { s.Get.Url($"/api/v1/crm/surveys/{Guid.NewGuid()}/responses"); s.StatusCodeShouldBe(404); });
        await As(s => { s.Post.Json(new { name = "" }).ToUrl("/api/v1/crm/surveys"); s.StatusCodeShouldBe(400); });
        var p = await Host.RegisteredPatient(Clinic);
        await As(s => { s.Post.Json(new { patientIds = new[] { p.Id } }).ToUrl($"/api/v1/crm/surveys/{survey}/send"); s.StatusCodeShouldBe(200); });
        await As(s => { s.Post.Json(new { patientIds = Array.Empty<Guid>() }).ToUrl($"/api/v1/crm/surveys/{survey}/send"); s.StatusCodeShouldBe(400); });
        await WaitForProjections();
        (await Host.GetJson<NpsStats>(Clinic, "/api/v1/crm/surveys/nps/stats")).Overall.Responses.ShouldBe(0);
        // The patient gave no surveys consent: nothing is sent, nothing recorded as sent.
        (await Host.GetJson<Paged<SurveyListItem>>(Clinic, "/api/v1/crm/surveys")).Items.Single().Sent.ShouldBe(0);
    }

    [Fact]
    public async Task communications_are_logged_filtered_and_paged()
    {
        var p = await Host.RegisteredPatient(Clinic);
        var q = await Host.RegisteredPatient(Clinic, "Q");
        var t0 = new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);
        await As(s => { s.Post.Json(new { channel = "sms", direction = "outbound", subject = "Påminnelse", patientId = p.Id, occurredAt = t0 }).ToUrl("/api/v1/crm/communications"); s.StatusCodeShouldBe(201); });
        await As(s => { s.Post.Json(new { channel = "phone", direction = "inbound", subject = "Ringte om time", patientId = p.Id, occurredAt = t0.AddDays(1) }).ToUrl("/api/v1/crm/communications"); s.StatusCodeShouldBe(201); });
        await As(s => { s.Post.Json(new { channel = "email", direction = "outbound", subject = "Nyhetsbrev", patientId = q.Id, occurredAt = t0.AddDays(2) }).ToUrl("/api/v1/crm/communications"); s.StatusCodeShouldBe(201); });

        await As(s => { s.Post.Json(new { channel = "fax", direction = "outbound", subject = "x", patientId = p.Id }).ToUrl("/api/v1/crm/communications"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Json(new { channel = "sms", direction = "outbound", patientId = p.Id }).ToUrl("/api/v1/crm/communications"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Json(new { channel = "sms", direction = "outbound", subject = "x" }).ToUrl("/api/v1/crm/communications"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Get.Url("/api/v1/crm/communications?channel=fax"); s.StatusCodeShouldBe(400); });

        var all = await Host.GetJson<Paged<CommunicationEntry>>(Clinic, "/api/v1/crm/communications");
        all.TotalCount.ShouldBe(3);
        all.Items[0].Subject.ShouldBe("Nyhetsbrev");
        all.Items[0].LoggedBy.ShouldBe(Clinic.User);
        (await Host.GetJson<Paged<CommunicationEntry>>(Clinic, $"/api/v1/crm/communications?patientId={p.Id}")).TotalCount.ShouldBe(2);
        (await Host.GetJson<Paged<CommunicationEntry>>(Clinic, "/api/v1/crm/communications?channel=phone&direction=inbound")).Items.Single().Channel.ShouldBe(CommunicationChannel.Phone);
        var range = await Host.GetJson<Paged<CommunicationEntry>>(Clinic,
            $"/api/v1/crm/communications?from={Uri.EscapeDataString(t0.AddHours(1).ToString("O"))}&to={Uri.EscapeDataString(t0.AddDays(2).ToString("O"))}");
        range.Items.Single().Subject.ShouldBe("Ringte om time");
        var page2 = await Host.GetJson<Paged<CommunicationEntry>>(Clinic, "/api/v1/crm/communications?page=2&pageSize=2");
        page2.Items.Single().Subject.ShouldBe("Påminnelse");
    }

    [Fact]
    public async Task overview_counts_leads_patients_nps_and_visits_this_month()
    {
        await Leads.LeadScenarios.CapturedLead(Host, Clinic);
        var p = await Host.RegisteredPatient(Clinic);
        await Host.RegisteredPatient(Clinic, "Uten besøk");
        await Host.Visited(Clinic, p.Id);
        await Host.Visited(Clinic, p.Id, Fixture.Clock.GetUtcNow().AddDays(-70));
        var survey = await CreatedSurvey();
        await Respond(survey, 10, Fixture.Clock.GetUtcNow());

        await WaitForProjections();
        var overview = await Host.GetJson<CrmOverview>(Clinic, "/api/v1/crm/overview");

        overview.LeadsPerStage[LeadStage.New].ShouldBe(1);
        overview.PatientsPerStage[LifecycleStage.Active].ShouldBe(1);
        overview.PatientsPerStage[LifecycleStage.New].ShouldBe(1);
        overview.Nps.Score.ShouldBe(100);
        overview.VisitsThisMonth.ShouldBe(1);
        await WaitForProjections();
        (await Host.GetJson<CrmOverview>(await Fixture.NewClinicAsync("Other"), "/api/v1/crm/overview")).VisitsThisMonth.ShouldBe(0);
    }
}
