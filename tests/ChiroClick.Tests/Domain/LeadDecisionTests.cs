using ChiroClick.Domain.Common;
using ChiroClick.Domain.Leads;
using ChiroClick.Domain.Patients;

namespace ChiroClick.Tests.Domain;

/// <summary>The pure stage decisions, without a database.</summary>
public sealed class LeadDecisionTests
{
    private static Lead NewLead(LeadStage stage = LeadStage.New) =>
        new(Guid.CreateVersion7(), "Ola Nordmann", "+4799887766", null, LeadSource.Website, null, false, null, stage, 30, null, null) { Version = 2 };

    [Theory]
    [InlineData(LeadStage.New, LeadStage.Contacted)]
    [InlineData(LeadStage.Contacted, LeadStage.ConsultationBooked)]
    [InlineData(LeadStage.New, LeadStage.ConsultationBooked)]
    [InlineData(LeadStage.ConsultationBooked, LeadStage.Contacted)]
    public void open_stages_move_freely(LeadStage from, LeadStage to)
    {
        var decision = LeadDecisions.ChangeStage(NewLead(from), to, null);

        decision.Accepted.ShouldBeTrue();
        decision.Events.OfType<LeadStageChanged>().Single().ShouldBe(new LeadStageChanged(decision.Events.OfType<LeadStageChanged>().Single().LeadId, from, to, null));
    }

    [Theory]
    [InlineData(LeadStage.Converted, LeadStage.Contacted)]
    [InlineData(LeadStage.Converted, LeadStage.Lost)]
    [InlineData(LeadStage.Lost, LeadStage.New)]
    [InlineData(LeadStage.Lost, LeadStage.ConsultationBooked)]
    public void nothing_moves_out_of_converted_or_lost(LeadStage from, LeadStage to)
    {
        var decision = LeadDecisions.ChangeStage(NewLead(from), to, "reason");

        decision.Accepted.ShouldBeFalse();
        decision.Error!.Kind.ShouldBe(DomainErrorKind.BusinessRule);
        decision.Events.ShouldBeEmpty();
    }

    [Fact]
    public void moving_to_converted_goes_through_convert()
    {
        LeadDecisions.ChangeStage(NewLead(), LeadStage.Converted, null).Error!.Detail.ShouldContain("/convert");
    }

    [Fact]
    public void lost_needs_a_reason_and_records_it()
    {
        LeadDecisions.ChangeStage(NewLead(), LeadStage.Lost, " ").Error!.Kind.ShouldBe(DomainErrorKind.Invalid);

        var decision = LeadDecisions.ChangeStage(NewLead(LeadStage.Contacted), LeadStage.Lost, " price ");

        decision.Events.OfType<LeadLost>().Single().Reason.ShouldBe("price");
        decision.Events.OfType<LeadScored>().Single().Score.ShouldBe(0);
    }

    [Fact]
    public void the_same_stage_is_a_no_op()
    {
        var decision = LeadDecisions.ChangeStage(NewLead(LeadStage.Contacted), LeadStage.Contacted, null);

        decision.Accepted.ShouldBeTrue();
        decision.Events.ShouldBeEmpty();
    }

    [Fact]
    public void converting_registers_the_patient_with_the_leads_details_and_consents()
    {
        var lead = NewLead(LeadStage.ConsultationBooked) with { MarketingConsent = true, Email = "ola@example.no" };
        var patientId = Guid.CreateVersion7();

        var (decision, patient) = LeadDecisions.Convert(lead, patientId, new DateOnly(1980, 5, 1), null, null);

        decision.Events.OfType<LeadConverted>().Single().PatientId.ShouldBe(patientId);
        patient!.FullName.ShouldBe("Ola Nordmann");
        patient.Phone.ShouldBe("+4799887766");
        patient.FromLeadId.ShouldBe(lead.Id);
        patient.Consents.ShouldContain(new ConsentGrant(ConsentChannel.Sms, ConsentPurpose.Marketing));
        LeadDecisions.Convert(lead with { Stage = LeadStage.Lost }, patientId, null, null, null).Patient.ShouldBeNull();
    }

    [Fact]
    public void scoring_follows_the_documented_rules()
    {
        LeadScoring.Score(LeadSource.Referral, "+4799887766", "a@b.no", "Vondt i nakken i to uker", true, LeadStage.ConsultationBooked)
            .Score.ShouldBe(100); // 30+15+10+15+5+25 = 100
        LeadScoring.Score(LeadSource.Other, null, null, "kort", false, LeadStage.New).Score.ShouldBe(5);
        LeadScoring.Score(LeadSource.SocialMedia, null, "a@b.no", null, false, LeadStage.Contacted).Score.ShouldBe(30);
        LeadScoring.Score(LeadSource.Referral, "+4799887766", "a@b.no", "Vondt i nakken i to uker", true, LeadStage.Lost).Score.ShouldBe(0);
    }

    [Fact]
    public void an_update_with_details_and_a_move_is_one_decision()
    {
        var lead = NewLead();

        var decision = LeadDecisions.Update(lead, new LeadDetails("Ola Nordmann", lead.Phone, "ola@example.no", LeadSource.Referral, null, false),
            LeadStage.Contacted, null);

        decision.Events.Select(e => e.GetType()).ShouldBe([typeof(LeadDetailsUpdated), typeof(LeadScored), typeof(LeadStageChanged), typeof(LeadScored)]);
    }
}
