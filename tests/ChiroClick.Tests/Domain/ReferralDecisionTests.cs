using ChiroClick.Domain.Common;
using ChiroClick.Domain.Communications;
using ChiroClick.Domain.Referrals;

namespace ChiroClick.Tests.Domain;

/// <summary>The pure referral and communication decisions, without a database.</summary>
public sealed class ReferralDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Referrer = Guid.CreateVersion7();

    private static Referral Open() => Referral.Create(new ReferralRecorded(Guid.CreateVersion7(), Referrer, Guid.CreateVersion7(), null, null));

    [Fact]
    public void A_lead_with_a_referral_gets_no_second_one() =>
        ReferralDecisions.Record(Guid.CreateVersion7(), Referrer, Guid.CreateVersion7(), null, null, true, null).Error.ShouldNotBeNull()
            .Kind.ShouldBe(DomainErrorKind.Conflict);

    [Fact]
    public void A_converted_lead_is_recorded_with_its_patient_and_a_trimmed_note()
    {
        var patient = Guid.CreateVersion7();
        var recorded = (ReferralRecorded)ReferralDecisions.Record(Guid.CreateVersion7(), Referrer, Guid.CreateVersion7(), null, "  venn ", false, patient).Events[0];
        recorded.ReferredPatientId.ShouldBe(patient);
        recorded.Note.ShouldBe("venn");
        Referral.Create(recorded).Converted.ShouldBeTrue();
    }

    [Fact]
    public void Only_a_converted_referral_is_rewarded_and_only_once()
    {
        ReferralDecisions.Update(Open(), "gavekort", null, Now).Error.ShouldNotBeNull().Detail.ShouldContain("Only a converted");
        var both = ReferralDecisions.Update(Open(), " gavekort ", Guid.CreateVersion7(), Now);
        both.Events.Select(e => e.GetType()).ShouldBe([typeof(ReferralConverted), typeof(ReferralRewarded)]);
        var rewarded = Open().Apply((ReferralConverted)both.Events[0]).Apply((ReferralRewarded)both.Events[1]);
        ReferralDecisions.Update(rewarded, "again", null, Now).Error.ShouldNotBeNull().Kind.ShouldBe(DomainErrorKind.BusinessRule);
    }

    [Fact]
    public void A_lead_conversion_converts_an_open_referral_once()
    {
        var patient = Guid.CreateVersion7();
        var events = ReferralDecisions.LeadConverted(Open(), patient, Now);
        events.ShouldHaveSingleItem().ShouldBe(new ReferralConverted(events.Cast<ReferralConverted>().Single().ReferralId, patient, Now));
        ReferralDecisions.LeadConverted(Open().Apply((ReferralConverted)events[0]), patient, Now).ShouldBeEmpty();
    }

    [Fact]
    public void A_communication_is_logged_trimmed_in_utc_and_not_in_the_future()
    {
        var local = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(1));
        var logged = CommunicationDecisions.Log(Guid.CreateVersion7(), Guid.CreateVersion7(), null, CommunicationChannel.Phone,
            CommunicationDirection.Inbound, " Ringte ", null, null, null, local, Now);
        logged.Subject.ShouldBe("Ringte");
        logged.OccurredAt.Offset.ShouldBe(TimeSpan.Zero);
        CommunicationDecisions.InTheFuture(Now.AddMinutes(5), Now).ShouldBeFalse();
        CommunicationDecisions.InTheFuture(Now.AddMinutes(6), Now).ShouldBeTrue();
    }
}
