namespace ChiroClick.Domain.Assistant;

/// <summary>
/// A clinic document (exercise sheet, routine, price list) was added to the assistant's knowledge. Starts the document
/// stream. Clinic documents are the clinic's own texts, not records of a person.
/// </summary>
/// <param name="DocumentId">Stream id.</param>
/// <param name="Title">Title.</param>
/// <param name="Text">The document's text.</param>
/// <param name="Tags">Free tags ("øvelser", "priser"), lower case, no duplicates.</param>
/// <param name="AddedAt">When.</param>
public sealed record ClinicDocumentAdded(Guid DocumentId, string Title, string Text, IReadOnlyList<string> Tags, DateTimeOffset AddedAt);

/// <summary>A clinic document (write model).</summary>
/// <param name="Id">Document id.</param>
/// <param name="Title">Title.</param>
/// <param name="Tags">Tags.</param>
public sealed record ClinicDocument(Guid Id, string Title, IReadOnlyList<string> Tags)
{
    /// <summary>Stream version; set by Marten.</summary>
    public int Version { get; init; }

    /// <summary>Starts the aggregate.</summary>
    public static ClinicDocument Create(ClinicDocumentAdded e) => new(e.DocumentId, e.Title, e.Tags);
}
