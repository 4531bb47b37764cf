using ChiroClick.Domain.Consultations;
using ChiroClick.Projections.Consultations;
using Wolverine.Persistence;

namespace ChiroClick.Api.Consultations;

/// <summary>A consultation in a list (without the transcript).</summary>
public sealed record ConsultationListItem(Guid Id, Guid PatientId, Guid? AppointmentId, TranscriptFormat Format, ConsultationLanguage Language,
    DateTimeOffset RecordedAt, string? RecordedBy, int TurnCount, IReadOnlyList<string> Speakers, Guid? AppliedSuggestionId, Guid? NoteId);

/// <summary><c>GET /api/v1/consultations?patientId=&amp;page=&amp;pageSize=</c> and <c>GET /api/v1/consultations/{id}</c>.</summary>
public static class GetConsultationsEndpoint
{
    /// <summary>The clinic's consultations, newest first, optionally of one patient; paged (page from 1, pageSize 1..200, default 50).</summary>
    [WolverineGet("/api/v1/consultations", OperationId = "listConsultations", Summary = "List consultations (optionally of one patient)")]
    [ProducesResponseType<Paged<ConsultationListItem>>(200)]
    public static async Task<IResult> List(IQuerySession session, Guid? patientId, string? page, string? pageSize, CancellationToken ct)
    {
        if (Paging.Check(page, pageSize, out var number, out var size) is { } bad) return bad;
        IQueryable<ConsultationSummary> query = session.Query<ConsultationSummary>();
        if (patientId is { } p) query = query.Where(c => c.PatientId == p);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(c => c.RecordedAt).ThenByDescending(c => c.Id).Skip((number - 1) * size).Take(size)
            .Select(c => new { c.Id, c.PatientId, c.AppointmentId, c.Format, c.Language, c.RecordedAt, c.RecordedBy, c.TurnCount, c.Speakers,
                c.AppliedSuggestionId, c.NoteId })
            .ToListAsync(ct);
        var items = rows.Select(c => new ConsultationListItem(c.Id, c.PatientId, c.AppointmentId, c.Format, c.Language, c.RecordedAt,
            c.RecordedBy, c.TurnCount, c.Speakers, c.AppliedSuggestionId, c.NoteId)).ToList();
        return Results.Ok(new Paged<ConsultationListItem>(items, number, size, total));
    }

    /// <summary>One consultation with its transcript, turns, drafts and what its accepted draft made; 404 unknown.</summary>
    [WolverineGet("/api/v1/consultations/{id:guid}", OperationId = "getConsultation", Summary = "Get one consultation with its transcript")]
    public static ConsultationSummary Get([Entity] ConsultationSummary consultation) => consultation;
}
