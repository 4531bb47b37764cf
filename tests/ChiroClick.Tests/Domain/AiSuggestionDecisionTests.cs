using ChiroClick.Domain.Ai;
using ChiroClick.Domain.Common;

namespace ChiroClick.Tests.Domain;

/// <summary>The pure decisions on the suggestion aggregate, without a database.</summary>
public sealed class AiSuggestionDecisionTests
{
    private static readonly DateTimeOffset Generated = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static AiSuggestion Pending() => new(Guid.CreateVersion7(), "Output", Generated, null) { Version = 1 };

    [Fact]
    public void Accept_records_the_time_to_decision()
    {
        var decision = AiSuggestionDecisions.Accept(Pending(), Generated.AddSeconds(90));
        decision.Events.ShouldHaveSingleItem().ShouldBeOfType<AiSuggestionAccepted>().TimeToDecisionMs.ShouldBe(90_000);
    }

    [Fact]
    public void A_clock_behind_the_generation_gives_zero_not_a_negative_time() =>
        ((AiSuggestionAccepted)AiSuggestionDecisions.Accept(Pending(), Generated.AddSeconds(-2)).Events[0]).TimeToDecisionMs.ShouldBe(0);

    [Theory]
    [InlineData(0.1, FeedbackKind.MinorEdit)]
    [InlineData(0.5, FeedbackKind.MajorEdit)]
    public void Modify_classifies_by_edit_distance(double distance, FeedbackKind kind)
    {
        var modified = (AiSuggestionModified)AiSuggestionDecisions.Modify(Pending(), Generated.AddSeconds(1), "Outpt", distance).Events[0];
        modified.CorrectionType.ShouldBe(kind);
        modified.EditDistance.ShouldBe(distance);
    }

    [Fact]
    public void A_decided_suggestion_takes_no_second_decision()
    {
        var suggestion = Pending();
        suggestion = suggestion.Apply(new AiSuggestionRejected(suggestion.Id, "wrong", null, 5));
        suggestion.Feedback.ShouldBe(FeedbackKind.Rejected);
        var error = AiSuggestionDecisions.Accept(suggestion, Generated.AddMinutes(1)).Error.ShouldNotBeNull();
        error.Kind.ShouldBe(DomainErrorKind.Conflict);
        error.Detail.ShouldContain("already decided (rejected)");
        AiSuggestionDecisions.Reject(suggestion, Generated, "again", null).Accepted.ShouldBeFalse();
    }
}
