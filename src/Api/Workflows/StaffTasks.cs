using ChiroClick.Domain.Workflows;
using ChiroClick.Projections.Patients;
using Wolverine.Persistence;

namespace ChiroClick.Api.Workflows;

/// <summary>Body of <c>POST /api/v1/crm/tasks</c>: a follow-up task created by hand.</summary>
/// <param name="Title">What to do (required, at most 500 characters).</param>
/// <param name="PatientId">Patient concerned, or null.</param>
/// <param name="DueAt">Due time (default now).</param>
public sealed record CreateStaffTask(string? Title, Guid? PatientId, DateTimeOffset? DueAt);

/// <summary>Body of <c>POST /api/v1/crm/tasks/{id}/complete</c>.</summary>
/// <param name="Note">Optional note.</param>
public sealed record CompleteStaffTask(string? Note);

/// <summary>Answer to a created task (201).</summary>
/// <param name="Id">Task id.</param>
/// <param name="Url">Its URL.</param>
public sealed record StaffTaskCreatedResponse(Guid Id, string Url) : CreationResponse(Url);

/// <summary><c>GET /api/v1/crm/tasks</c> and <c>GET /api/v1/crm/tasks/{id}</c>: follow-up tasks for staff (workflow create_task steps or by hand).</summary>
public static class GetStaffTasksEndpoint
{
    /// <summary>Tasks by due time, paged (<c>page</c> from 1, <c>pageSize</c> 1..200, default 50); <c>status</c> = open (default), done or all.</summary>
    [WolverineGet("/api/v1/crm/tasks", OperationId = "listTasks", Summary = "List staff tasks (open first)")]
    [ProducesResponseType<Paged<StaffTask>>(200)]
    public static async Task<IResult> List(IQuerySession session, string? status, string? page, string? pageSize, CancellationToken ct)
    {
        if (Paging.Check(page, pageSize, out var number, out var size) is { } badPage) return badPage;
        status ??= "open";
        if (status is not ("open" or "done" or "all")) return Problems.BadRequest("status is open, done or all.");
        IQueryable<StaffTask> query = session.Query<StaffTask>();
        if (status == "open") query = query.Where(t => !t.Done);
        if (status == "done") query = query.Where(t => t.Done);
        return Results.Ok(await Paging.PageAsync(query.OrderBy(t => t.DueAt).ThenBy(t => t.Id), number, size, ct));
    }

    /// <summary>One task; 404 unknown.</summary>
    [WolverineGet("/api/v1/crm/tasks/{id:guid}", OperationId = "getTask", Summary = "Get one staff task")]
    public static StaffTask Get([Entity] StaffTask task) => task;
}

/// <summary><c>POST /api/v1/crm/tasks</c>.</summary>
public static class CreateStaffTaskEndpoint
{
    /// <summary>400 without a title.</summary>
    public static ProblemDetails Validate(CreateStaffTask c)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(c.Title)) errors.Add("title", "title is required.");
        else if (c.Title.Length > 500) errors.Add("title", "title is at most 500 characters.");
        return Problems.Validation(errors);
    }

    /// <summary>StaffTaskCreated; 404 for an unknown patient.</summary>
    [WolverinePost("/api/v1/crm/tasks", OperationId = "createTask", Summary = "Create a staff task by hand")]
    public static async Task<IResult> Post(CreateStaffTask c, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        if (c.PatientId is { } pid && await session.LoadAsync<PatientSummary>(pid, ct) is null)
            return Results.Problem(statusCode: 404, title: "Not found", detail: $"No patient {pid}.", type: "https://www.rfc-editor.org/rfc/rfc9110#status.404");
        var id = Guid.CreateVersion7();
        session.Events.StartStream<StaffTask>(id, new StaffTaskCreated(id, c.Title!.Trim(), c.PatientId, null, c.DueAt ?? clock.GetUtcNow(), null));
        return Results.Created($"/api/v1/crm/tasks/{id}", new StaffTaskCreatedResponse(id, $"/api/v1/crm/tasks/{id}"));
    }
}

/// <summary><c>POST /api/v1/crm/tasks/{id}/complete</c>.</summary>
public static class CompleteStaffTaskEndpoint
{
    /// <summary>StaffTaskCompleted; 404 unknown, 409 when already done.</summary>
    [WolverinePost("/api/v1/crm/tasks/{id:guid}/complete", OperationId = "completeTask", Summary = "Mark a staff task done")]
    public static (IResult, Events) Complete(CompleteStaffTask c, [WriteAggregate] StaffTask task, TimeProvider clock)
    {
        if (task.Done)
            return (Results.Problem(statusCode: 409, title: "Already done", detail: $"Task {task.Id} was completed at {task.CompletedAt:O}.",
                type: "https://www.rfc-editor.org/rfc/rfc9110#status.409"), []);
        var done = new StaffTaskCompleted(task.Id, string.IsNullOrWhiteSpace(c.Note) ? null : c.Note.Trim(), clock.GetUtcNow());
        return (Results.Ok(task.Apply(done) with { Version = task.Version + 1 }), [done]);
    }
}

/// <summary>Staff tasks that other features raise.</summary>
public static class StaffTasks
{
    /// <summary>
    /// Starts the task "Ukjent SMS-svar: {text}" (title cut to <see cref="StaffTaskDecisions.MaxTitleLength"/>) for an SMS reply that
    /// fitted no open question, due now. Its id is UUIDv5(<paramref name="inboundId"/>, "unknown-sms-reply"), so one inbound message
    /// raises one task (a new id when the message has none). Returns the task id. The caller saves the session.
    /// </summary>
    public static Guid StartForUnknownSmsReply(IDocumentSession session, Guid? inboundId, string body, Guid? patientId, Guid? leadId,
        DateTimeOffset now)
    {
        var id = Import.DeterministicGuid.Create(inboundId ?? Guid.CreateVersion7(), "unknown-sms-reply");
        session.Events.StartStream<StaffTask>(id, StaffTaskDecisions.Create(id, $"Ukjent SMS-svar: {body}", patientId, leadId, now));
        return id;
    }
}
