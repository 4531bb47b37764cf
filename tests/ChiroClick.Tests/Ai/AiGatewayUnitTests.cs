using ChiroClick.AiGateway;
using ChiroClick.AiGateway.Feedback;
using ChiroClick.AiGateway.Routing;
using ChiroClick.AiGateway.Structured;
using ChiroClick.Api.Ai;
using ChiroClick.Domain.Ai;

namespace ChiroClick.Tests.Ai;

public sealed class AiGatewayUnitTests
{
    [Fact]
    public void the_official_icpc2_list_is_embedded()
    {
        Icpc2Codes.Titles.Count.ShouldBe(708);
        Icpc2Codes.Titles.Keys.Count(k => k.StartsWith('L')).ShouldBe(53);
        Icpc2Codes.TitleOf(" l03 ").ShouldBe("Korsrygg symptomer/plager");
        Icpc2Codes.TitleOf("ICPC2:L84").ShouldNotBeNull();
        Icpc2Codes.TitleOf("L999").ShouldBeNull();
    }

    [Fact]
    public void routing_follows_the_design_table_and_fast_tasks_get_three_seconds()
    {
        var options = new AiOptions();
        TaskProfiles.RoleOf(AiTask.SoapNorwegian, options).ShouldBe(ModelRole.Norwegian);
        TaskProfiles.RoleOf(AiTask.RedFlags, options).ShouldBe(ModelRole.Medical);
        TaskProfiles.RoleOf(AiTask.Autocomplete, options).ShouldBe(ModelRole.Fast);
        TaskProfiles.RoleOf(AiTask.ClinicalSummary, options).ShouldBe(ModelRole.Default);
        TaskProfiles.Resolve(AiTask.QuickSuggestion, options).Timeout.ShouldBe(TimeSpan.FromSeconds(3));
        TaskProfiles.Resolve(AiTask.SoapNorwegian, options).Timeout.ShouldBe(TimeSpan.FromSeconds(60));
        options.Routing["red_flags"] = "nonsense";
        TaskProfiles.RoleOf(AiTask.RedFlags, options).ShouldBe(ModelRole.Medical);
        Enum.GetValues<AiTask>().ShouldAllBe(t => TaskProfiles.Defaults.ContainsKey(t));
    }

    [Theory]
    [InlineData("abc", "abc", 0)]
    [InlineData("abc  def\n", "abc def", 0)]
    [InlineData("abcd", "abce", 0.25)]
    [InlineData("", "", 0)]
    [InlineData("abc", "xyz", 1)]
    public void edit_distance_is_normalised_by_the_longer_text(string a, string b, double expected) =>
        EditDistance.Normalised(a, b).ShouldBe(expected, 0.0001);

    [Fact]
    public void minor_and_major_edits_split_at_the_threshold()
    {
        AiSuggestionDecisions.Classify(0.2).ShouldBe(FeedbackKind.MinorEdit);
        AiSuggestionDecisions.Classify(0.2001).ShouldBe(FeedbackKind.MajorEdit);
    }

    [Theory]
    [InlineData("1979-06-15", "2026-11-24", "40–49")]
    [InlineData("1976-11-25", "2026-11-24", "40–49")]
    [InlineData("1976-11-24", "2026-11-24", "50–59")]
    [InlineData("2024-01-01", "2026-11-24", "0–9")]
    public void the_age_range_is_the_decade(string born, string today, string expected) =>
        SuggestionSupport.DecadeRange(DateOnly.Parse(born), DateOnly.Parse(today)).ShouldBe(expected);

    [Fact]
    public void a_non_json_structured_answer_is_refused()
    {
        Should.Throw<System.Text.Json.JsonException>(() => StructuredOutputs.Validate(AiTask.Diagnosis, "L03 kanskje"));
        StructuredOutputs.Validate(AiTask.Diagnosis, """[{"code":"L03","confidence":2}]""").Confidence.ShouldBe(1);
    }
}
