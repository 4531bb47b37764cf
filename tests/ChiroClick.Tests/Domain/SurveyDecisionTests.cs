using ChiroClick.Domain.Common;
using ChiroClick.Domain.Surveys;

namespace ChiroClick.Tests.Domain;

/// <summary>The pure survey decisions, without a database.</summary>
public sealed class SurveyDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static Survey NewSurvey() => Survey.Create(SurveyDecisions.Create(Guid.CreateVersion7(), " NPS ", null));

    [Fact]
    public void A_survey_without_a_question_asks_the_default_one()
    {
        var survey = NewSurvey();
        survey.Name.ShouldBe("NPS");
        survey.Question.ShouldBe(SurveyDecisions.DefaultQuestion);
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData(-1, null, true)]
    [InlineData(11, null, true)]
    [InlineData(0, null, false)]
    [InlineData(10, "", false)]
    public void Scores_outside_0_to_10_are_invalid(int? score, string? comment, bool invalid) =>
        (SurveyDecisions.CheckAnswer(score, comment) is { Kind: DomainErrorKind.Invalid }).ShouldBe(invalid);

    [Fact]
    public void A_comment_over_the_limit_is_invalid() =>
        SurveyDecisions.CheckAnswer(9, new string('x', SurveyDecisions.MaxCommentLength + 1)).ShouldNotBeNull().Detail.ShouldContain("4000");

    [Fact]
    public void A_response_id_answers_once()
    {
        var survey = NewSurvey();
        var responseId = Guid.CreateVersion7();
        var first = SurveyDecisions.Respond(survey, responseId, null, 9, "  bra ", null, Now);
        var received = first.Events.ShouldHaveSingleItem().ShouldBeOfType<SurveyResponseReceived>();
        received.Comment.ShouldBe("bra");
        received.ReceivedAt.ShouldBe(Now);
        var again = SurveyDecisions.Respond(survey.Apply(received), responseId, null, 3, null, null, Now).Error.ShouldNotBeNull();
        again.Kind.ShouldBe(DomainErrorKind.Conflict);
        again.Title.ShouldBe("Already answered");
    }

    [Fact]
    public void A_later_comment_is_cut_not_refused()
    {
        var longComment = new string('x', SurveyDecisions.MaxCommentLength + 10);
        SurveyDecisions.CutComment(longComment).ShouldBe(longComment[..SurveyDecisions.MaxCommentLength]);
        SurveyDecisions.CutComment("kort").ShouldBe("kort");
        SurveyDecisions.CutComment(null).ShouldBeNull();
        SurveyDecisions.Comment(Guid.NewGuid(), Guid.NewGuid(), null, longComment, Now).Comment.Length.ShouldBe(SurveyDecisions.MaxCommentLength);
    }
}
