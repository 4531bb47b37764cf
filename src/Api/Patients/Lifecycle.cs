using ChiroClick.Api.Infrastructure;
using ChiroClick.Domain.Patients;
using ChiroClick.Projections.Patients;
using ChiroClick.Api.Retention;

namespace ChiroClick.Api.Patients;

/// <summary>Body of <c>PUT /api/v1/crm/lifecycle/{patientId}</c>: the stage to move to and why (required).</summary>
public sealed record MoveLifecycleStage(LifecycleStage? Stage, string? Reason, int? ExpectedVersion = null);

/// <summary>Answer to a manual move.</summary>
public sealed record LifecycleMoved(Guid PatientId, LifecycleStage Stage, int Version, int EventsAppended);

/// <summary>Patients per lifecycle stage.</summary>
/// <param name="Stage">Stage.</param>
/// <param name="Count">Patients now in it.</param>
/// <param name="Share">Share of all patients, 0..1 (4 decimals).</param>
public sealed record LifecycleStageFigure(LifecycleStage Stage, int Count, double Share);

/// <summary>Lifecycle statistics.</summary>
/// <param name="TotalPatients">All patients.</param>
/// <param name="Stages">Every stage, in enum order.</param>
/// <param name="AutomaticMoves">Automatic LifecycleStageChanged events so far.</param>
/// <param name="ManualMoves">Manual LifecycleStageChanged events so far.</param>
public sealed record LifecycleStats(int TotalPatients, IReadOnlyList<LifecycleStageFigure> Stages, int AutomaticMoves, int ManualMoves);

/// <summary>
/// Lifecycle endpoints: <c>GET /api/v1/crm/lifecycle?stage=&amp;page=&amp;pageSize=</c> (patients, longest since last
/// visit first), <c>GET /api/v1/crm/lifecycle/stats</c>, <c>PUT /api/v1/crm/lifecycle/{patientId}</c> (manual move).
/// </summary>
public static class GetLifecycleEndpoint
{
    /// <summary>Patients by stage, paged.</summary>
    [WolverineGet("/api/v1/crm/lifecycle", OperationId = "listLifecycle", Summary = "List patients by lifecycle stage")]
    [ProducesResponseType<Paged<PatientSummary>>(200)]
    public static async Task<IResult> List(IQuerySession session, string? stage, string? page, string? pageSize, CancellationToken ct)
    {
        var bad0 = QueryValues.Enum<LifecycleStage>(stage, "stage", out var byStage);
        var bad1 = Paging.Check(page, pageSize, out var number, out var size);
        if ((bad0 ?? bad1) is { } bad) return bad;
        IQueryable<PatientSummary> query = session.Query<PatientSummary>();
        if (byStage is { } st) query = query.Where(x => x.Stage == st);
        return Results.Ok(await Paging.PageAsync(query.OrderBy(x => x.LastVisitAt).ThenBy(x => x.Id), number, size, ct));
    }

}

/// <summary><c>GET /api/v1/crm/lifecycle/stats</c>.</summary>
public static class GetLifecycleStatsEndpoint
{
    /// <summary>Counts per stage and moves so far, from the clinic's <see cref="ChiroClick.Projections.Retention.ClinicAnalytics"/> document (async).</summary>
    [WolverineGet("/api/v1/crm/lifecycle/stats", OperationId = "getLifecycleStats", Summary = "Get patient counts per lifecycle stage")]
    public static async Task<LifecycleStats> Stats(IQuerySession session, CancellationToken ct)
    {
        var clinic = await ClinicAnalyticsStore.ClinicAsync(session, ct);
        var total = clinic.RegisteredPatients;
        return new LifecycleStats(total, Enum.GetValues<LifecycleStage>()
            .Select(s => new LifecycleStageFigure(s, clinic.Stages.GetValueOrDefault(s), total == 0 ? 0 : Math.Round((double)clinic.Stages.GetValueOrDefault(s) / total, 4)))
            .ToList(), clinic.AutomaticMoves, clinic.ManualMoves);
    }

}

/// <summary><c>PUT /api/v1/crm/lifecycle/{patientId}</c>.</summary>
public static class MoveLifecycleStageEndpoint
{
    /// <summary>400 without a stage or a reason.</summary>
    public static ProblemDetails Validate(MoveLifecycleStage command)
    {
        var errors = new Dictionary<string, string[]>();
        if (command.Stage is null) errors.Add("stage", $"stage is required: one of {ChiroJson.Known<LifecycleStage>()}.");
        if (string.IsNullOrWhiteSpace(command.Reason)) errors.Add("reason", "reason is required for a manual move.");
        return Problems.Validation(errors);
    }

    /// <summary>Moves the patient by hand (LifecycleStageChanged with automatic = false); 404 for an unknown patient.</summary>
    [WolverinePut("/api/v1/crm/lifecycle/{id:guid}", OperationId = "moveLifecycleStage", Summary = "Move a patient to another lifecycle stage")]
    [ChiroClick.Api.Common.BusinessRuleResponse]
    [ProducesResponseType<LifecycleMoved>(200)]
    public static (IResult, Events) Move(MoveLifecycleStage command, [WriteAggregate] Patient patient, TimeProvider clock)
    {
        if (command.ExpectedVersion is { } expected && expected != patient.Version)
            return (Problems.StaleVersion(patient.Version, expected), new Events());
        var decision = PatientDecisions.MoveManually(patient, command.Stage!.Value, command.Reason, clock.GetUtcNow());
        if (decision.Error is { } error) return (Problems.From(error), new Events());
        var events = new Events();
        events.AddRange(decision.Events);
        return (Results.Ok(new LifecycleMoved(patient.Id, command.Stage.Value, patient.Version + events.Count, events.Count)), events);
    }
}
