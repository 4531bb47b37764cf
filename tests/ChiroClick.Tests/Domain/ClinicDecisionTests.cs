using ChiroClick.Domain.Clinics;

namespace ChiroClick.Tests.Domain;

public sealed class ClinicDecisionTests
{
    private static readonly Guid ClinicId = Guid.Parse("7d3c8e0a-1b2c-4d5e-8f90-123456789abc");

    [Fact]
    public void Changed_settings_are_one_ClinicSettingsChanged_with_the_full_new_settings()
    {
        var next = ClinicSettings.Default with { ChurnThresholdDays = 200 };

        var events = ClinicDecisions.ChangeSettings(ClinicId, ClinicSettings.Default, next);

        events.ShouldHaveSingleItem().ShouldBe(new ClinicSettingsChanged(ClinicId, next));
    }

    [Fact]
    public void Equal_settings_append_nothing_even_as_another_list_instance()
    {
        var current = ClinicSettings.Default with { ReminderHoursBefore = [48, 2] };
        var same = ClinicSettings.Default with { ReminderHoursBefore = [48, 2] };

        ClinicDecisions.ChangeSettings(ClinicId, current, same).ShouldBeEmpty();
    }

    [Fact]
    public void A_different_reminder_list_is_a_change()
    {
        var current = ClinicSettings.Default with { ReminderHoursBefore = [48, 2] };
        var next = ClinicSettings.Default with { ReminderHoursBefore = [24] };

        ClinicDecisions.ChangeSettings(ClinicId, current, next).ShouldHaveSingleItem().ShouldBeOfType<ClinicSettingsChanged>().Settings.ShouldBe(next);
    }
}
