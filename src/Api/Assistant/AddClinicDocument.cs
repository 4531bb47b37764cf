using ChiroClick.Domain.Assistant;

namespace ChiroClick.Api.Assistant;

/// <summary>Body of <c>POST /api/v1/assistant/documents</c>: title (≤ 300 characters), text (≤ 20,000), optional tags (≤ 20, each ≤ 50).</summary>
public sealed record AddClinicDocument(string? Title, string? Text, IReadOnlyList<string>? Tags);

/// <summary>Answer to an added document (201).</summary>
public sealed record ClinicDocumentCreated(Guid Id, string Url) : CreationResponse(Url);

/// <summary>Adds a clinic document (exercise sheet, routine, price list): ClinicDocumentAdded; the Knowledge projection indexes it.</summary>
public static class AddClinicDocumentEndpoint
{
    /// <summary>400 for a missing title or text, or too many or too long tags.</summary>
    public static ProblemDetails Validate(AddClinicDocument d)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(d.Title)) errors.Add("title", "title is required.");
        if (string.IsNullOrWhiteSpace(d.Text)) errors.Add("text", "text is required.");
        if (d.Tags is { Count: > 20 }) errors.Add("tags", "at most 20 tags.");
        if (d.Tags?.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > 50) == true) errors.Add("tags", "tags are 1 to 50 characters.");
        return Problems.Validation(errors);
    }

    /// <summary>Starts the document stream.</summary>
    [WolverinePost("/api/v1/assistant/documents", OperationId = "addClinicDocument", Summary = "Add a clinic document to the assistant's knowledge")]
    public static (ClinicDocumentCreated, IStartStream) Post(AddClinicDocument d, TimeProvider clock)
    {
        var id = Guid.CreateVersion7();
        var tags = (d.Tags ?? []).Select(t => t.Trim().ToLowerInvariant()).Distinct().ToList();
        var added = new ClinicDocumentAdded(id, d.Title!.Trim(), d.Text!.Trim(), tags, clock.GetUtcNow());
        return (new ClinicDocumentCreated(id, $"/api/v1/assistant/documents/{id}"), MartenOps.StartStream<ClinicDocument>(id, added));
    }
}
