namespace ChiroClick.Domain.Patients;

/// <summary>
/// Automatic lifecycle moves, driven by the clinic's check-in frequency f (days, default 30):
/// <list type="bullet">
/// <item>no visit for ≥ 1×f days → at_risk; ≥ 3×f → inactive; ≥ 6×f → lost (measured from the last
/// visit's <see cref="VisitCompleted.CompletedAt"/>; a patient who missed a sweep jumps straight to the
/// stage due, one event);</item>
/// <item>a visit: new or at_risk → active; inactive or lost → reactivated; active and reactivated stay.</item>
/// </list>
/// Patients without visits stay new; decay never moves a patient "up" (a manual move to lost stays lost).
/// Pure: the caller passes the time.
/// </summary>
public static class LifecycleRules
{
    /// <summary>Default check-in frequency in days.</summary>
    public const int DefaultCheckInFrequencyDays = 30;

    /// <summary>The decay stage due <paramref name="daysSinceLastVisit"/> days after the last visit, or null when none is due.</summary>
    public static LifecycleStage? DecayDue(double daysSinceLastVisit, int checkInFrequencyDays)
    {
        var f = Math.Max(1, checkInFrequencyDays);
        if (daysSinceLastVisit >= 6 * f) return LifecycleStage.Lost;
        if (daysSinceLastVisit >= 3 * f) return LifecycleStage.Inactive;
        if (daysSinceLastVisit >= f) return LifecycleStage.AtRisk;
        return null;
    }

    /// <summary>Decay order: 0 for new/active/reactivated, 1 at_risk, 2 inactive, 3 lost.</summary>
    public static int DecayLevel(LifecycleStage stage) => stage switch
    {
        LifecycleStage.AtRisk => 1,
        LifecycleStage.Inactive => 2,
        LifecycleStage.Lost => 3,
        _ => 0,
    };

    /// <summary>
    /// The automatic move due at <paramref name="now"/> for a patient in <paramref name="stage"/> whose last
    /// visit was at <paramref name="lastVisitAt"/> (null = never: no move), or null when nothing is due.
    /// <c>ChangedAt</c> is <paramref name="now"/>, or with <paramref name="atDueTime"/> the moment the stage became due
    /// (last visit + 1, 3 or 6 × the check-in frequency): catching up history (an import) records when it happened.
    /// </summary>
    public static LifecycleStageChanged? Decay(Guid patientId, LifecycleStage stage, DateTimeOffset? lastVisitAt,
        DateTimeOffset now, int checkInFrequencyDays, bool atDueTime = false)
    {
        if (lastVisitAt is not { } last || stage == LifecycleStage.New) return null;
        var days = (now - last).TotalDays;
        if (DecayDue(days, checkInFrequencyDays) is not { } due || DecayLevel(due) <= DecayLevel(stage)) return null;
        var f = Math.Max(1, checkInFrequencyDays);
        var at = atDueTime ? last.AddDays(DecayLevel(due) switch { 1 => f, 2 => 3 * f, _ => 6 * f }) : now;
        return new LifecycleStageChanged(patientId, stage, due,
            $"no visit for {Math.Floor((at - last).TotalDays)} days (check-in frequency {checkInFrequencyDays} days)", true, at);
    }

    /// <summary>The move a visit causes from <paramref name="stage"/>, or null when the stage stays.</summary>
    public static LifecycleStageChanged? AfterVisit(Guid patientId, LifecycleStage stage, DateTimeOffset visitAt) => stage switch
    {
        LifecycleStage.New => new(patientId, stage, LifecycleStage.Active, "first visit", true, visitAt),
        LifecycleStage.AtRisk => new(patientId, stage, LifecycleStage.Active, "visit", true, visitAt),
        LifecycleStage.Inactive or LifecycleStage.Lost => new(patientId, stage, LifecycleStage.Reactivated, "visit after " +
            (stage == LifecycleStage.Lost ? "lost" : "inactive"), true, visitAt),
        _ => null,
    };
}
