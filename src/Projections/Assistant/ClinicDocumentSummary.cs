using ChiroClick.Domain.Assistant;

namespace ChiroClick.Projections.Assistant;

/// <summary>A clinic document as listed by <c>GET /api/v1/assistant/documents</c> (inline).</summary>
public sealed class ClinicDocumentSummary
{
    /// <summary>Document id.</summary>
    public Guid Id { get; set; }
    /// <summary>Title.</summary>
    public string Title { get; set; } = "";
    /// <summary>Tags.</summary>
    public IReadOnlyList<string> Tags { get; set; } = [];
    /// <summary>The text.</summary>
    public string Text { get; set; } = "";
    /// <summary>Words in the text.</summary>
    public int WordCount { get; set; }
    /// <summary>When it was added.</summary>
    public DateTimeOffset AddedAt { get; set; }
    /// <summary>Who added it (event user name).</summary>
    public string? AddedBy { get; set; }
}

/// <summary>Inline projection of <see cref="ClinicDocumentSummary"/>.</summary>
public sealed class ClinicDocumentSummaryProjection : SingleStreamProjection<ClinicDocumentSummary, Guid>
{
    /// <summary>From the document's creation.</summary>
    public static ClinicDocumentSummary Create(IEvent<ClinicDocumentAdded> e) => new()
    {
        Id = e.Data.DocumentId, Title = e.Data.Title, Tags = e.Data.Tags, Text = e.Data.Text, WordCount = TextChunker.Words(e.Data.Text),
        AddedAt = e.Data.AddedAt, AddedBy = e.UserName,
    };
}
