using ChiroClick.Domain.Workflows;

namespace ChiroClick.Api.Workflows;

/// <summary>
/// Command to the Workflows feature (owner of staff tasks): create a task an accepted AI suggestion asked for. The task id is
/// deterministic in the sender, so a redelivered command creates nothing twice.
/// </summary>
/// <param name="TaskId">Task id.</param>
/// <param name="Title">What to do.</param>
/// <param name="PatientId">Patient concerned.</param>
/// <param name="DueAt">When it is due.</param>
/// <param name="SuggestionId">The suggestion it came from.</param>
public sealed record CreateSuggestedTask(Guid TaskId, string Title, Guid PatientId, DateTimeOffset DueAt, Guid SuggestionId);

/// <summary>
/// Command to the Workflows feature: plan the follow-up an accepted AI suggestion asked for. A follow-up is a staff task
/// "Oppfølging: {reason}" due when the patient should be seen again, so the front desk books it.
/// </summary>
/// <param name="TaskId">Task id.</param>
/// <param name="PatientId">Patient to follow up.</param>
/// <param name="Reason">Why.</param>
/// <param name="DueAt">When the patient should be seen again.</param>
/// <param name="SuggestionId">The suggestion it came from.</param>
public sealed record PlanFollowUp(Guid TaskId, Guid PatientId, string Reason, DateTimeOffset DueAt, Guid SuggestionId);

/// <summary>Starts the task streams (StaffTaskCreated with the suggestion id) unless they exist.</summary>
public static class SuggestedTaskHandler
{
    /// <summary>Title prefix of follow-up tasks.</summary>
    public const string FollowUpPrefix = "Oppfølging: ";

    /// <summary>A task from the suggestion's task list.</summary>
    public static Task Handle(CreateSuggestedTask m, IDocumentSession session, CancellationToken ct) =>
        StartAsync(session, new StaffTaskCreated(m.TaskId, m.Title, m.PatientId, null, m.DueAt, null, m.SuggestionId), ct);

    /// <summary>The follow-up task.</summary>
    public static Task Handle(PlanFollowUp m, IDocumentSession session, CancellationToken ct) =>
        StartAsync(session, new StaffTaskCreated(m.TaskId, Title(m.Reason), m.PatientId, null, m.DueAt, null, m.SuggestionId), ct);

    /// <summary>"Oppfølging: {reason}", at most 300 characters.</summary>
    public static string Title(string reason)
    {
        var title = FollowUpPrefix + (string.IsNullOrWhiteSpace(reason) ? "kontroll" : reason.Trim());
        return title.Length > 300 ? title[..299] + "…" : title;
    }

    private static async Task StartAsync(IDocumentSession session, StaffTaskCreated created, CancellationToken ct)
    {
        if (await session.Events.FetchStreamStateAsync(created.TaskId, ct) is not null) return;
        session.Events.StartStream<StaffTask>(created.TaskId, created);
    }
}
