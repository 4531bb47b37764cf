using ChiroClick.Domain.Common;
using ChiroClick.Domain.Patients;
using ChiroClick.Domain.Surveys;
using ChiroClick.Domain.Workflows;

namespace ChiroClick.Tests.Domain;

/// <summary>The pure decisions an inbound SMS reply goes through (opt-out, survey score and comment, unknown-reply task).</summary>
public sealed class SmsReplyDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static Patient PatientWith(params ConsentGrant[] consents) =>
        new(Guid.CreateVersion7(), "Kari Nordmann", null, null, "+4799887766", null, null, consents, null, LifecycleStage.Active, null, 0);

    [Fact]
    public void An_opt_out_withdraws_a_given_consent_once()
    {
        var sms = new ConsentGrant(ConsentChannel.Sms, ConsentPurpose.Marketing);
        var patient = PatientWith(sms, new ConsentGrant(ConsentChannel.Sms, ConsentPurpose.Care));
        var withdrawn = PatientDecisions.WithdrawConsent(patient, ConsentChannel.Sms, ConsentPurpose.Marketing, null, Now)
            .ShouldHaveSingleItem().ShouldBeOfType<ConsentWithdrawn>();
        withdrawn.ShouldBe(new ConsentWithdrawn(patient.Id, ConsentChannel.Sms, ConsentPurpose.Marketing, null, Now));
        PatientDecisions.WithdrawConsent(patient.Apply(withdrawn), ConsentChannel.Sms, ConsentPurpose.Marketing, null, Now).ShouldBeEmpty();
    }

    [Fact]
    public void A_marketing_erasure_withdraws_every_consent_but_care_in_order()
    {
        var patient = PatientWith(new ConsentGrant(ConsentChannel.Email, ConsentPurpose.Marketing),
            new ConsentGrant(ConsentChannel.Sms, ConsentPurpose.Care), new ConsentGrant(ConsentChannel.Sms, ConsentPurpose.Marketing));

        PatientDecisions.WithdrawAllButCare(patient, Now).ShouldBe([
            new ConsentWithdrawn(patient.Id, ConsentChannel.Email, ConsentPurpose.Marketing, null, Now),
            new ConsentWithdrawn(patient.Id, ConsentChannel.Sms, ConsentPurpose.Marketing, null, Now)]);
        PatientDecisions.WithdrawAllButCare(PatientWith(new ConsentGrant(ConsentChannel.Sms, ConsentPurpose.Care)), Now).ShouldBeEmpty();
    }

    [Fact]
    public void An_sms_score_is_recorded_with_the_rest_of_the_text_as_comment_and_once()
    {
        var survey = Survey.Create(SurveyDecisions.Create(Guid.CreateVersion7(), "NPS", null));
        var responseId = Guid.CreateVersion7();
        var patientId = Guid.CreateVersion7();
        var received = SurveyDecisions.Respond(survey, responseId, patientId, 9, " flott ", null, Now).Events.ShouldHaveSingleItem()
            .ShouldBeOfType<SurveyResponseReceived>();
        received.ShouldBe(new SurveyResponseReceived(survey.Id, responseId, patientId, 9, "flott", Now));
        SurveyDecisions.Respond(survey, Guid.CreateVersion7(), null, 10, " ", null, Now).Events.ShouldHaveSingleItem()
            .ShouldBeOfType<SurveyResponseReceived>().Comment.ShouldBeNull();
        SurveyDecisions.Respond(survey, responseId, null, 11, null, null, Now).Error.ShouldNotBeNull().Kind.ShouldBe(DomainErrorKind.Invalid);
        SurveyDecisions.Respond(survey.Apply(received), responseId, null, 8, null, null, Now).Error.ShouldNotBeNull().Kind
            .ShouldBe(DomainErrorKind.Conflict);
    }

    [Fact]
    public void A_later_comment_is_cut_to_the_limit_and_names_the_respondent()
    {
        var (surveyId, responseId, patientId) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var comment = SurveyDecisions.Comment(surveyId, responseId, patientId, new string('x', SurveyDecisions.MaxCommentLength + 10), Now);
        comment.Comment.Length.ShouldBe(SurveyDecisions.MaxCommentLength);
        comment.ShouldBe(new SurveyResponseCommented(surveyId, responseId, comment.Comment, Now, patientId));
    }

    [Fact]
    public void A_task_title_over_the_limit_is_cut_with_an_ellipsis()
    {
        var id = Guid.CreateVersion7();
        var task = StaffTaskDecisions.Create(id, new string('x', 600), null, null, Now);
        task.Title.Length.ShouldBe(StaffTaskDecisions.MaxTitleLength);
        task.Title.ShouldEndWith("...");
        StaffTaskDecisions.Create(id, "Ukjent SMS-svar: hei", null, null, Now)
            .ShouldBe(new StaffTaskCreated(id, "Ukjent SMS-svar: hei", null, null, Now, null));
    }
}
