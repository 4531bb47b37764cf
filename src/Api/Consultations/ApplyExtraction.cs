using ChiroClick.AiGateway.Structured;
using ChiroClick.Api.Import;
using ChiroClick.Api.Patients;
using ChiroClick.Api.Workflows;
using ChiroClick.Domain.Ai;
using ChiroClick.Domain.Consultations;
using ChiroClick.Projections.Ai;
using ChiroClick.Projections.Consultations;
using JasperFx.Events;

namespace ChiroClick.Api.Consultations;

/// <summary>
/// Carries out an accepted or modified consultation extraction (relayed AiSuggestionAccepted / AiSuggestionModified, at least
/// once): ConsultationExtractionApplied on the consultation, and commands to the features owning the effects —
/// <see cref="RecordVisitNote"/> (Patients: VisitNoteRecorded), <see cref="CreateSuggestedTask"/> per task and
/// <see cref="PlanFollowUp"/> (Workflows: StaffTaskCreated) — each carrying the suggestion id, with ids UUIDv5(suggestion,
/// "note" | "task:{n}" | "follow-up"), so a redelivery changes nothing. A modification is read as extraction JSON when it is
/// one; otherwise it is the clinician's note text ("S: … O: … A: … P: …", unlabelled text = assessment) and the draft's
/// codes, tasks and follow-up stay. Due times count from the decision.
/// </summary>
public static class ApplyExtractionHandler
{
    /// <summary>Accepted as drafted.</summary>
    public static Task<OutgoingMessages> Handle(IEvent<AiSuggestionAccepted> e, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        ApplyAsync(e.Data.SuggestionId, null, session, clock, ct);

    /// <summary>Accepted with the clinician's correction.</summary>
    public static Task<OutgoingMessages> Handle(IEvent<AiSuggestionModified> e, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        ApplyAsync(e.Data.SuggestionId, e.Data.Correction, session, clock, ct);

    private static async Task<OutgoingMessages> ApplyAsync(Guid suggestionId, string? correction, IDocumentSession session, TimeProvider clock,
        CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        var suggestion = await session.LoadAsync<AiSuggestionView>(suggestionId, ct);
        if (suggestion is not { Task: AiTask.ConsultationExtraction, PatientId: { } patientId }) return messages;
        var owner = (await session.Query<ConsultationSummary>().Where(c => c.PatientId == patientId)
            .Select(c => new { c.Id, c.SuggestionIds, c.RecordedAt }).ToListAsync(ct)).FirstOrDefault(c => c.SuggestionIds.Contains(suggestionId));
        if (owner is null || Read(suggestion.Output, correction) is not { } extraction) return messages;

        var stream = await session.Events.FetchForWriting<Consultation>(owner.Id, ct);
        var now = clock.GetUtcNow();
        if (stream.Aggregate is null ||
            ConsultationDecisions.ApplyExtraction(stream.Aggregate, suggestionId, extraction, key => DeterministicGuid.Create(suggestionId, key), now)
                is not { } effects) return messages;
        stream.AppendOne(effects.Applied);

        var c = stream.Aggregate;
        var applied = effects.Applied;
        messages.Add(new RecordVisitNote(c.PatientId, applied.NoteId, extraction.Soap, extraction.Diagnoses.Select(d => d.Code).ToList(),
            extraction.RedFlags.Select(f => $"{f.Flag} ({f.Severity})").ToList(), extraction.Exercises, c.Id, c.AppointmentId, suggestionId,
            owner.RecordedAt));
        for (var i = 0; i < extraction.Tasks.Count; i++)
            messages.Add(new CreateSuggestedTask(applied.TaskIds[i], extraction.Tasks[i].Title, c.PatientId, now.AddDays(extraction.Tasks[i].DueInDays),
                suggestionId));
        if (extraction.FollowUp is { } f && applied.FollowUpTaskId is { } followUpId)
            messages.Add(new PlanFollowUp(followUpId, c.PatientId, f.Reason, now.AddDays(f.InDays), suggestionId));
        return messages;
    }

    /// <summary>The extraction to carry out: the draft, or the correction as extraction JSON or as note text over the draft.</summary>
    public static ClinicalExtraction? Read(string output, string? correction)
    {
        var draft = ExtractionOutput.TryParse(output);
        if (correction is null) return draft;
        if (ExtractionOutput.TryParse(correction) is { } corrected) return corrected;
        return draft is null ? null : draft with { Soap = SoapNote.Parse(correction) };
    }
}
