using ChiroClick.Domain.Ai;
using ChiroClick.Tests.Infrastructure;

namespace ChiroClick.Tests.Ai;

public sealed class AiFeedbackTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private const string Output = "Forslag fra chiro-no: pasienten bør følges opp om to uker.";

    [Fact]
    public async Task accepting_records_the_time_to_decision_and_a_second_decision_is_409()
    {
        var id = (await Host.Suggestion(Clinic, "general")).Id();

        var decided = await Host.Decide(Clinic, id, "accept");

        decided.Str("feedback").ShouldBe("accepted_as_is");
        decided["timeToDecisionMs"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(0);
        var conflict = await Host.Decide(Clinic, id, "reject", new { reason = "for sent" }, status: 409);
        conflict.Str("detail").ShouldContain("accepted_as_is");
        await Host.Decide(Clinic, id, "accept", status: 409);
        await Host.Decide(Clinic, id, "modify", new { text = "Annet" }, status: 409);

        await using var session = Store.QuerySession(Clinic.Id.ToString());
        var events = await session.Events.FetchStreamAsync(id);
        events.Count.ShouldBe(2);
        events[1].Data.ShouldBeOfType<AiSuggestionAccepted>().TimeToDecisionMs.ShouldBe(decided["timeToDecisionMs"]!.GetValue<long>());
        var view = await Host.GetJson(Clinic, $"/api/v1/ai/suggestions/{id}");
        view.Str("feedback").ShouldBe("accepted_as_is");
        view.Str("decidedBy").ShouldBe("tester");
    }

    [Fact]
    public async Task a_small_correction_is_a_minor_edit_and_a_rewrite_a_major_edit()
    {
        var small = (await Host.Suggestion(Clinic, "general")).Id();
        var large = (await Host.Suggestion(Clinic, "general")).Id();

        var minor = await Host.Decide(Clinic, small, "modify", new { text = "Forslag fra chiro-no: pasienten bør følges opp om tre uker." });
        var major = await Host.Decide(Clinic, large, "modify", new { text = "Henvis til MR av lumbalcolumna." });

        minor.Str("feedback").ShouldBe("minor_edit");
        minor["editDistance"]!.GetValue<double>().ShouldBeLessThanOrEqualTo(AiSuggestionDecisions.MinorEditThreshold);
        major.Str("feedback").ShouldBe("major_edit");
        major["editDistance"]!.GetValue<double>().ShouldBeGreaterThan(AiSuggestionDecisions.MinorEditThreshold);

        await using var session = Store.QuerySession(Clinic.Id.ToString());
        var modified = (AiSuggestionModified)(await session.Events.FetchStreamAsync(small))[1].Data;
        modified.CorrectionType.ShouldBe(FeedbackKind.MinorEdit);
        modified.Correction.ShouldBe("Forslag fra chiro-no: pasienten bør følges opp om tre uker.");
        // "to" → "tre": one substitution and one insertion, over the longer text.
        modified.EditDistance.ShouldBe(Math.Round(2.0 / Math.Max(Output.Length, modified.Correction.Length), 4));

        await Host.Decide(Clinic, Guid.CreateVersion7(), "modify", new { text = "x" }, status: 404);
        await Host.Decide(Clinic, small, "modify", new { text = " " }, status: 400);
    }

    [Fact]
    public async Task rejecting_keeps_reason_and_correction_and_other_clinics_cannot_decide()
    {
        var id = (await Host.Suggestion(Clinic, "sms_generation")).Id();
        var other = await Fixture.NewClinicAsync("Other clinic");
        await Host.Decide(other, id, "accept", status: 404);
        await Host.Decide(Clinic, id, "reject", new { correction = "x" }, status: 400);

        var decided = await Host.Decide(Clinic, id, "reject", new { reason = "Feil tone", correction = "Hei! Velkommen tilbake." });

        decided.Str("feedback").ShouldBe("rejected");
        await using var session = Store.QuerySession(Clinic.Id.ToString());
        var rejected = (AiSuggestionRejected)(await session.Events.FetchStreamAsync(id))[1].Data;
        rejected.Reason.ShouldBe("Feil tone");
        rejected.Correction.ShouldBe("Hei! Velkommen tilbake.");

        var list = await Host.GetJson(Clinic, "/api/v1/ai/suggestions?feedback=rejected");
        list["totalCount"]!.GetValue<long>().ShouldBe(1);
        (await Host.GetJson(Clinic, "/api/v1/ai/suggestions?feedback=pending"))["totalCount"]!.GetValue<long>().ShouldBe(0);
        await Host.GetJson(Clinic, "/api/v1/ai/suggestions?feedback=maybe", status: 400);
        await Host.GetJson(Clinic, "/api/v1/ai/suggestions?task=horoscope", status: 400);
    }

    [Fact]
    public async Task metrics_count_decisions_per_day_task_model_and_variant()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add((await Host.Suggestion(Clinic, "general")).Id());
        var fast = (await Host.Suggestion(Clinic, "autocomplete")).Id();
        await Host.Decide(Clinic, ids[0], "accept");
        await Host.Decide(Clinic, ids[1], "modify", new { text = "Forslag fra chiro-no: pasienten bør følges opp om tre uker." });
        await Host.Decide(Clinic, ids[2], "modify", new { text = "Noe helt annet." });
        await Host.Decide(Clinic, ids[3], "reject", new { reason = "Feil" });
        await Host.Decide(Clinic, fast, "accept");

        await WaitForProjections();
        var metrics = await Host.GetJson(Clinic, "/api/v1/ai/metrics");

        var rows = metrics["rows"]!.AsArray();
        rows.Count.ShouldBe(2);
        var general = rows.Single(r => r!["task"]!.GetValue<string>() == "general")!;
        general.Str("model").ShouldBe("chiro-no");
        general.Str("variant").ShouldBe("control");
        general.Str("day").ShouldBe(DateTime.UtcNow.ToString("yyyy-MM-dd"));
        general["suggestions"]!.GetValue<int>().ShouldBe(5);
        general["acceptedAsIs"]!.GetValue<int>().ShouldBe(1);
        general["minorEdit"]!.GetValue<int>().ShouldBe(1);
        general["majorEdit"]!.GetValue<int>().ShouldBe(1);
        general["rejected"]!.GetValue<int>().ShouldBe(1);
        general["decided"]!.GetValue<int>().ShouldBe(4);
        general["acceptanceRate"]!.GetValue<double>().ShouldBe(0.5);

        await using var session = Store.QuerySession(Clinic.Id.ToString());
        var latencies = new List<long>();
        var decisionTimes = new List<long>();
        foreach (var id in ids)
        {
            foreach (var e in await session.Events.FetchStreamAsync(id))
            {
                switch (e.Data)
                {
                    case AiSuggestionGenerated g: latencies.Add(g.LatencyMs); break;
                    case AiSuggestionAccepted a: decisionTimes.Add(a.TimeToDecisionMs); break;
                    case AiSuggestionModified m: decisionTimes.Add(m.TimeToDecisionMs); break;
                    case AiSuggestionRejected r: decisionTimes.Add(r.TimeToDecisionMs); break;
                }
            }
        }
        latencies.Sort();
        decisionTimes.Sort();
        general["medianLatencyMs"]!.GetValue<double>().ShouldBe(latencies[2]);
        general["medianTimeToDecisionMs"]!.GetValue<double>().ShouldBe((decisionTimes[1] + decisionTimes[2]) / 2.0);

        var auto = rows.Single(r => r!["task"]!.GetValue<string>() == "autocomplete")!;
        auto.Str("model").ShouldBe("chiro-fast");
        auto["acceptanceRate"]!.GetValue<double>().ShouldBe(1);

        var filtered = await Host.GetJson(Clinic, "/api/v1/ai/metrics?task=autocomplete");
        filtered["rows"]!.AsArray().Count.ShouldBe(1);
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd");
        (await Host.GetJson(Clinic, $"/api/v1/ai/metrics?to={yesterday}"))["rows"]!.AsArray().ShouldBeEmpty();
    }
}
