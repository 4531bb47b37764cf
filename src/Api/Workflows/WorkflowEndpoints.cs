using ChiroClick.Domain.Workflows;
using Wolverine.Persistence;

namespace ChiroClick.Api.Workflows;

/// <summary>Body of <c>POST /api/v1/crm/workflows</c>: name, trigger and steps are required; active defaults to true.</summary>
/// <param name="Name">Name.</param>
/// <param name="Trigger">Trigger (type plus the fields of that type).</param>
/// <param name="Steps">Steps in order (1..20).</param>
/// <param name="Active">Whether it reacts from now on (default true).</param>
public sealed record CreateWorkflow(string? Name, WorkflowTrigger? Trigger, IReadOnlyList<WorkflowStep>? Steps, bool? Active = null);

/// <summary>Body of <c>PUT /api/v1/crm/workflows/{id}</c>: the full new definition, with the version read (409 when stale).</summary>
/// <param name="Name">Name.</param>
/// <param name="Trigger">Trigger.</param>
/// <param name="Steps">Steps.</param>
/// <param name="ExpectedVersion">Version the client read; required.</param>
public sealed record UpdateWorkflow(string? Name, WorkflowTrigger? Trigger, IReadOnlyList<WorkflowStep>? Steps, int? ExpectedVersion);

/// <summary>Answer to a created workflow (201).</summary>
/// <param name="Id">Workflow id.</param>
/// <param name="Url">Its URL.</param>
public sealed record WorkflowCreatedResponse(Guid Id, string Url) : CreationResponse(Url);

/// <summary>Answer of the toggle: the new state and how many waiting runs were cancelled.</summary>
/// <param name="Id">Workflow.</param>
/// <param name="Active">State now.</param>
/// <param name="Version">Stream version now.</param>
/// <param name="CancelledRuns">Runs cancelled by a deactivation.</param>
public sealed record WorkflowToggled(Guid Id, bool Active, int Version, int CancelledRuns);

/// <summary><c>POST /api/v1/crm/workflows</c>.</summary>
public static class CreateWorkflowEndpoint
{
    /// <summary>400 with field errors (see <see cref="WorkflowRules.Check"/>).</summary>
    public static ProblemDetails Validate(CreateWorkflow c) => Problems.Validation(WorkflowRules.Check(c.Name, c.Trigger, c.Steps));

    /// <summary>Defines a workflow (WorkflowCreated), active unless <c>active: false</c>.</summary>
    [WolverinePost("/api/v1/crm/workflows", OperationId = "createWorkflow", Summary = "Create a workflow (trigger and steps)")]
    public static (WorkflowCreatedResponse, IStartStream) Post(CreateWorkflow c, TimeProvider clock)
    {
        var id = Guid.CreateVersion7();
        var created = new WorkflowCreated(id, c.Name!.Trim(), c.Trigger!, c.Steps!, c.Active ?? true, null, clock.GetUtcNow());
        return (new WorkflowCreatedResponse(id, $"/api/v1/crm/workflows/{id}"), MartenOps.StartStream<Workflow>(id, created));
    }
}

/// <summary><c>GET /api/v1/crm/workflows</c>, <c>GET /api/v1/crm/workflows/{id}</c> and its runs.</summary>
public static class GetWorkflowsEndpoint
{
    /// <summary>The clinic's workflows (defaults first, then by creation), each with its version and active state.</summary>
    [WolverineGet("/api/v1/crm/workflows", OperationId = "listWorkflows", Summary = "List the clinic's workflows")]
    public static async Task<IReadOnlyList<Workflow>> List(IQuerySession session, CancellationToken ct) =>
        (await session.Query<Workflow>().ToListAsync(ct)).OrderBy(w => w.DefaultKey is null).ThenBy(w => w.CreatedAt).ThenBy(w => w.Id).ToList();

    /// <summary>One workflow; 404 when unknown (or another clinic's).</summary>
    [WolverineGet("/api/v1/crm/workflows/{id:guid}", OperationId = "getWorkflow", Summary = "Get one workflow with its definition")]
    public static Workflow Get([Entity] Workflow workflow) => workflow;

    /// <summary>
    /// Runs of a workflow, newest first, each with its trigger reason and step results — what an auditor reads to see why a
    /// patient got a message. Filters: <c>patientId</c>, <c>status</c> (running, completed, failed, cancelled, superseded); paged
    /// (<c>page</c> from 1, <c>pageSize</c> 1..200, default 50). 404 unknown workflow.
    /// </summary>
    [WolverineGet("/api/v1/crm/workflows/{id:guid}/runs", OperationId = "listWorkflowRuns", Summary = "List the runs of a workflow")]
    [ProducesResponseType<Paged<WorkflowRun>>(200)]
    public static async Task<IResult> Runs([Entity] Workflow workflow, IQuerySession session, string? patientId, string? status, string? page,
        string? pageSize, CancellationToken ct)
    {
        var bad0 = QueryValues.Guid(patientId, "patientId", out var patient);
        var bad1 = QueryValues.Enum<WorkflowRunStatus>(status, "status", out var wanted);
        var bad2 = Paging.Check(page, pageSize, out var number, out var size);
        if ((bad0 ?? bad1 ?? bad2) is { } bad) return bad;
        IQueryable<WorkflowRun> query = session.Query<WorkflowRun>().Where(r => r.WorkflowId == workflow.Id);
        if (patient is { } p) query = query.Where(r => r.PatientId == p);
        if (wanted is { } w) query = query.Where(r => r.Status == w);
        return Results.Ok(await Paging.PageAsync(query.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id), number, size, ct));
    }

    /// <summary>One run; 404 when unknown.</summary>
    [WolverineGet("/api/v1/crm/workflows/runs/{runId:guid}", OperationId = "getWorkflowRun", Summary = "Get one workflow run with its steps")]
    public static WorkflowRun Run([Entity("runId")] WorkflowRun run) => run;
}

/// <summary><c>PUT /api/v1/crm/workflows/{id}</c>.</summary>
public static class UpdateWorkflowEndpoint
{
    /// <summary>400 with field errors; expectedVersion is required.</summary>
    public static ProblemDetails Validate(UpdateWorkflow c)
    {
        var errors = WorkflowRules.Check(c.Name, c.Trigger, c.Steps);
        if (c.ExpectedVersion is null) errors.Add("expectedVersion", "expectedVersion is required (the version you read).");
        return Problems.Validation(errors);
    }

    /// <summary>
    /// WorkflowUpdated with the full new definition; 404 unknown, 409 stale version. Runs already started keep their steps;
    /// new runs follow the new ones.
    /// </summary>
    [WolverinePut("/api/v1/crm/workflows/{id:guid}", OperationId = "updateWorkflow", Summary = "Replace a workflow's name, trigger and steps")]
    public static (IResult, Events) Put(UpdateWorkflow c, [WriteAggregate] Workflow workflow)
    {
        if (workflow.Version != c.ExpectedVersion) return (Problems.StaleVersion(workflow.Version, c.ExpectedVersion), []);
        var updated = new WorkflowUpdated(workflow.Id, c.Name!.Trim(), c.Trigger!, c.Steps!);
        var next = workflow.Apply(updated) with { Version = workflow.Version + 1 };
        return (Results.Ok(next), [updated]);
    }
}

/// <summary><c>POST /api/v1/crm/workflows/{id}/toggle</c>.</summary>
public static class ToggleWorkflowEndpoint
{
    /// <summary>
    /// Activates an inactive workflow (WorkflowActivated: it reacts to what happens from now on) or deactivates an active one
    /// (WorkflowDeactivated, and WorkflowRunCompleted(cancelled) for every running run in the same transaction, so their
    /// pending steps never run). 404 unknown.
    /// </summary>
    [WolverinePost("/api/v1/crm/workflows/{id:guid}/toggle", OperationId = "toggleWorkflow", Summary = "Activate or deactivate a workflow")]
    public static async Task<(WorkflowToggled, Events)> Toggle([WriteAggregate] Workflow workflow, IDocumentSession session, TimeProvider clock,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!workflow.Active) return (new WorkflowToggled(workflow.Id, true, workflow.Version + 1, 0), [new WorkflowActivated(workflow.Id, now)]);
        var running = await session.Query<WorkflowRun>()
            .Where(r => r.WorkflowId == workflow.Id && r.Status == WorkflowRunStatus.Running).ToListAsync(ct);
        foreach (var run in running)
            session.Events.Append(run.Id, run.Version + 1, new WorkflowRunCompleted(run.Id, WorkflowRunOutcome.Cancelled, "workflow deactivated", now));
        return (new WorkflowToggled(workflow.Id, false, workflow.Version + 1, running.Count), [new WorkflowDeactivated(workflow.Id, now)]);
    }
}
