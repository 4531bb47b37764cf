namespace ChiroClick.Domain.Patients;

/// <summary>
/// Where a patient is in the relationship with the clinic. Serialised in snake_case (<c>at_risk</c>).
/// Automatic moves follow <see cref="LifecycleRules"/>.
/// </summary>
public enum LifecycleStage
{
    /// <summary>Registered, no visit yet.</summary>
    New,
    /// <summary>Visits within the check-in frequency.</summary>
    Active,
    /// <summary>No visit for at least 1× the check-in frequency.</summary>
    AtRisk,
    /// <summary>No visit for at least 3× the check-in frequency.</summary>
    Inactive,
    /// <summary>No visit for at least 6× the check-in frequency.</summary>
    Lost,
    /// <summary>Came back: a visit after being inactive or lost.</summary>
    Reactivated,
}
