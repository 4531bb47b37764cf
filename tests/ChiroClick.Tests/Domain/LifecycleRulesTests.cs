using ChiroClick.Domain.Patients;

namespace ChiroClick.Tests.Domain;

public sealed class LifecycleRulesTests
{
    private static readonly DateTimeOffset Last = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.NewGuid();

    [Theory]
    [InlineData(29.9, LifecycleStage.Active, null)]
    [InlineData(30, LifecycleStage.Active, LifecycleStage.AtRisk)]
    [InlineData(89, LifecycleStage.AtRisk, null)]
    [InlineData(90, LifecycleStage.AtRisk, LifecycleStage.Inactive)]
    [InlineData(200, LifecycleStage.Active, LifecycleStage.Lost)]       // a missed sweep jumps straight to the stage due
    [InlineData(200, LifecycleStage.Reactivated, LifecycleStage.Lost)]
    [InlineData(45, LifecycleStage.Inactive, null)]                      // decay never moves up
    [InlineData(400, LifecycleStage.New, null)]                          // no visit, no decay
    public void decay_follows_the_check_in_frequency(double days, LifecycleStage from, LifecycleStage? expected)
    {
        var move = LifecycleRules.Decay(Id, from, from == LifecycleStage.New ? null : Last, Last.AddDays(days), 30);
        move?.To.ShouldBe(expected!.Value);
        if (expected is null) move.ShouldBeNull();
        else move!.Automatic.ShouldBeTrue();
    }

    [Theory]
    [InlineData(LifecycleStage.New, LifecycleStage.Active)]
    [InlineData(LifecycleStage.AtRisk, LifecycleStage.Active)]
    [InlineData(LifecycleStage.Inactive, LifecycleStage.Reactivated)]
    [InlineData(LifecycleStage.Lost, LifecycleStage.Reactivated)]
    [InlineData(LifecycleStage.Active, null)]
    [InlineData(LifecycleStage.Reactivated, null)]
    public void a_visit_moves_the_patient(LifecycleStage from, LifecycleStage? expected) =>
        ((LifecycleStage?)LifecycleRules.AfterVisit(Id, from, Last)?.To).ShouldBe(expected);

    [Fact]
    public void the_check_in_frequency_scales_the_thresholds()
    {
        LifecycleRules.DecayDue(13, 14).ShouldBeNull();
        LifecycleRules.DecayDue(14, 14).ShouldBe(LifecycleStage.AtRisk);
        LifecycleRules.DecayDue(42, 14).ShouldBe(LifecycleStage.Inactive);
        LifecycleRules.DecayDue(84, 14).ShouldBe(LifecycleStage.Lost);
    }
}
