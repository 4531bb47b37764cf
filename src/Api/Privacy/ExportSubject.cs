using ChiroClick.Domain.Privacy;
using Npgsql;

namespace ChiroClick.Api.Privacy;

/// <summary><c>GET /api/v1/privacy/subjects/{subjectType}/{id}/export</c>.</summary>
public static class ExportSubjectEndpoint
{
    /// <summary>
    /// The export (200, application/json); 400 for a subject type other than lead or patient; 404 for an unknown
    /// subject. The read itself is written to the record-access log before it is served.
    /// </summary>
    [WolverineGet("/api/v1/privacy/subjects/{subjectType}/{id}/export", OperationId = "exportSubjectData", Summary = "Export everything held about a lead or patient (GDPR art. 15 and 20)")]
    public static async Task<IResult> Get(string subjectType, Guid id, IQuerySession session, NpgsqlDataSource db, Audit.RecordAccessLog log,
        TimeProvider clock, CancellationToken ct)
    {
        if (!Enum.TryParse<SubjectType>(subjectType, ignoreCase: true, out var type) || int.TryParse(subjectType, out _))
            return Common.Problems.BadRequest($"subjectType '{subjectType}' is not one of lead, patient.");
        var export = await SubjectExportQueries.ExportAsync(session, db, log, type, id, clock, ct);
        if (export is null)
            return Results.Problem(statusCode: 404, title: "Not found", detail: $"No {subjectType.ToLowerInvariant()} {id}.",
                type: "https://www.rfc-editor.org/rfc/rfc9110#status.404");
        return Results.Json(export);
    }
}
