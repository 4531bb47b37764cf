using ChiroClick.Api.Surveys;
using ChiroClick.Api.Messaging;
using ChiroClick.Projections.Surveys;
using ChiroClick.Tests.Patients;
using ChiroClick.Tests.Infrastructure;

namespace ChiroClick.Tests.Appointments;

public sealed class SurveyDeliveryTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private async Task<Guid> Survey()
    {
        var r = await As(s => { s.Post.Json(new { name = "NPS" }).ToUrl("/api/v1/crm/surveys"); s.StatusCodeShouldBe(201); });
        return (await r.ReadAsJsonAsync<SurveyCreatedResponse>())!.Id;
    }

    [Fact]
    public async Task a_survey_sms_answered_9_then_a_comment_moves_NPS()
    {
        var survey = await Survey();
        var (patient, phone, _) = await Host.ReachablePatient(Clinic);
        var silent = await Host.RegisteredPatient(Clinic, "Uten samtykke");
        await As(s => { s.Post.Json(new { patientIds = new[] { patient, silent.Id }, channel = "sms" }).ToUrl($"/api/v1/crm/surveys/{survey}/send"); s.StatusCodeShouldBe(200); });
        var sms = (await Store.Outbox(Clinic, phone)).Single();
        sms.Body.ShouldEndWith("Svar med et tall fra 0 til 10.");

        await WaitForProjections();
        (await Host.GetJson<NpsStats>(Clinic, $"/api/v1/crm/surveys/nps/stats?surveyId={survey}")).Overall.Responses.ShouldBe(0);
        (await Host.Texted(Clinic, phone, "9")).Outcome.ShouldBe(InboundSmsOutcome.SurveyScore);
        await WaitForProjections(); // NPS is an async projection (ClinicAnalytics)
        (await Host.GetJson<NpsStats>(Clinic, $"/api/v1/crm/surveys/nps/stats?surveyId={survey}")).Overall.Score.ShouldBe(100);
        Fixture.Clock.Advance(TimeSpan.FromHours(3));
        (await Host.Texted(Clinic, phone, "Veldig bra")).Outcome.ShouldBe(InboundSmsOutcome.SurveyComment);
        var response = (await Host.GetJson<ChiroClick.Api.Common.Paged<SurveyResponse>>(Clinic, $"/api/v1/crm/surveys/{survey}/responses")).Items.Single();
        response.Score.ShouldBe(9);
        response.Comment.ShouldBe("Veldig bra");
        response.PatientId.ShouldBe(patient);
        (await Host.GetJson<ChiroClick.Api.Common.Paged<ChiroClick.Api.Surveys.SurveyListItem>>(Clinic, "/api/v1/crm/surveys")).Items.Single().Sent.ShouldBe(1);
        (await Host.Texted(Clinic, phone, "Hei igjen")).Outcome.ShouldBe(InboundSmsOutcome.Unknown);
    }

    [Fact]
    public async Task the_public_survey_page_answers_once()
    {
        var survey = await Survey();
        var (patient, _, email) = await Host.ReachablePatient(Clinic);
        await As(s => { s.Post.Json(new { patientIds = new[] { patient }, channel = "email" }).ToUrl($"/api/v1/crm/surveys/{survey}/send"); s.StatusCodeShouldBe(200); });
        await AppointmentScenarios.Eventually(() => Task.FromResult(Fixture.Smtp.Received.Any(m => m.To.ToString() == email)), "the survey e-mail");
        var body = Fixture.Smtp.Received.Single(m => m.To.ToString() == email).TextBody;
        var url = body!.Split(' ', '\n').Single(w => w.StartsWith("https://klinikk.example.no/api/v1/public/surveys/")).Trim();
        var path = new Uri(url).AbsolutePath;

        var page = await Host.Scenario(s => { s.Get.Url(path); s.StatusCodeShouldBe(200); });
        (await page.ReadAsTextAsync()).ShouldContain("name=\"score\"");
        await Host.Scenario(s => { s.Post.Json(new { score = 11 }).ToUrl(path); s.StatusCodeShouldBe(400); });
        await Host.Scenario(s => { s.Post.Json(new { score = 6, comment = "Lang ventetid" }).ToUrl(path); s.StatusCodeShouldBe(200); });
        await Host.Scenario(s => { s.Post.Json(new { score = 10 }).ToUrl(path); s.StatusCodeShouldBe(409); });
        await Host.Scenario(s => { s.Post.Json(new { score = 10 }).ToUrl(path[..^3] + "abc"); s.StatusCodeShouldBe(400); });
        var response = (await Host.GetJson<ChiroClick.Api.Common.Paged<SurveyResponse>>(Clinic, $"/api/v1/crm/surveys/{survey}/responses")).Items.Single();
        response.Score.ShouldBe(6);
        response.Comment.ShouldBe("Lang ventetid");
        await WaitForProjections(); // NPS is an async projection (ClinicAnalytics)
        (await Host.GetJson<NpsStats>(Clinic, $"/api/v1/crm/surveys/nps/stats?surveyId={survey}")).Overall.Score.ShouldBe(-100);
    }
}
