using ChiroClick.AiGateway;
using ChiroClick.AiGateway.Ollama;
using ChiroClick.Api.Ai;
using ChiroClick.Domain.Ai;
using ChiroClick.Domain.Consultations;

namespace ChiroClick.Api.Consultations;

/// <summary>
/// <c>POST /api/v1/consultations/{id}/extract</c> (no body): asks the medical model (task <c>consultation_extraction</c>,
/// structured output with <see cref="AiGateway.Structured.ExtractionOutput.Schema"/>) for a structured note of the transcript.
/// 201 with the AI suggestion (its <c>output</c> is the validated extraction JSON: unknown ICPC-2 codes dropped and listed
/// in <c>droppedCodes</c>); the consultation records ConsultationExtractionRequested. Accept, modify or reject it with the
/// suggestion routes: accepting records the note, the tasks and the follow-up (<see cref="ApplyExtractionHandler"/>).
/// 404 unknown consultation; 409 when the consultation already has its note; 503/504/502 as every AI call, appending nothing.
/// </summary>
public static class ExtractConsultationEndpoint
{
    /// <summary>Calls the model, then starts the suggestion stream and links it to the consultation.</summary>
    [WolverinePost("/api/v1/consultations/{id:guid}/extract", OperationId = "extractConsultation",
        Summary = "Draft a structured note (SOAP, ICPC-2, red flags, follow-up, tasks) from a consultation")]
    [Access.CallsModel]
    [BusinessRuleResponse]
    [ProducesResponseType<SuggestionCreated>(201)]
    public static async Task<(IResult, Events)> Post([WriteAggregate] Consultation consultation, OllamaGateway gateway, IDocumentSession session,
        TimeProvider clock, CancellationToken ct)
    {
        var suggestionId = Guid.CreateVersion7();
        var decision = ConsultationDecisions.RequestExtraction(consultation, suggestionId, clock.GetUtcNow());
        if (decision.Error is { } error) return (Problems.From(error), []);
        var (_, ageRange) = await SuggestionSupport.PatientAgeRangeAsync(session, consultation.PatientId, clock, ct);
        AiAnswer answer;
        try
        {
            var plan = await gateway.PlanAsync(new AiCall(AiTask.ConsultationExtraction, null, Input(consultation), ageRange), ct);
            answer = await gateway.CompleteAsync(plan, ct);
        }
        catch (AiGatewayException ex)
        {
            return (SuggestionSupport.Problem(ex), []);
        }
        var generated = SuggestionSupport.Generated(suggestionId, consultation.PatientId, ageRange, answer);
        session.Events.StartStream<AiSuggestion>(suggestionId, generated);
        var created = SuggestionSupport.Created(generated, answer);
        return (Results.Created(created.Url, created), [.. decision.Events]);
    }

    /// <summary>The model's input: one line per speaker turn ("Lege: ..."), with the language named.</summary>
    public static string Input(Consultation c)
    {
        var language = c.Language switch { ConsultationLanguage.En => "engelsk", ConsultationLanguage.Nn => "nynorsk", _ => "bokmål" };
        var turns = string.Join("\n", c.Turns.Select(t => t.Speaker is null ? t.Text : $"{t.Speaker}: {t.Text}"));
        return $"Transkripsjon av konsultasjonen (språk: {language}):\n{turns}";
    }
}
