namespace ChiroClick.Domain.Clinics;

/// <summary>Pure decisions on the clinic stream (stream id = clinic id = tenant id).</summary>
public static class ClinicDecisions
{
    /// <summary>
    /// <see cref="ClinicSettingsChanged"/> with <paramref name="next"/> when it differs from <paramref name="current"/> (by value,
    /// <see cref="ClinicSettings.SameAs"/>), else no event: saving unchanged settings leaves no trace in the history.
    /// </summary>
    public static IReadOnlyList<object> ChangeSettings(Guid clinicId, ClinicSettings current, ClinicSettings next) =>
        next.SameAs(current) ? [] : [new ClinicSettingsChanged(clinicId, next)];
}
