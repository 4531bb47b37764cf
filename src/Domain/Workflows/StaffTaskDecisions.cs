namespace ChiroClick.Domain.Workflows;

/// <summary>Pure decisions on staff tasks. No I/O, no clock.</summary>
public static class StaffTaskDecisions
{
    /// <summary>Longest task title, in characters.</summary>
    public const int MaxTitleLength = 500;

    /// <summary>
    /// Starts a task that no workflow run created (stream id <paramref name="id"/>), due at <paramref name="dueAt"/>; a title longer
    /// than <see cref="MaxTitleLength"/> is cut to fit, ending in "...".
    /// </summary>
    public static StaffTaskCreated Create(Guid id, string title, Guid? patientId, Guid? leadId, DateTimeOffset dueAt) =>
        new(id, title.Length > MaxTitleLength ? title[..(MaxTitleLength - 3)] + "..." : title, patientId, leadId, dueAt, null);
}
