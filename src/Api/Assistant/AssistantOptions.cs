using System.ComponentModel.DataAnnotations;

namespace ChiroClick.Api.Assistant;

/// <summary>Configuration section <c>Assistant</c> (retrieval and chat), validated at start-up.</summary>
public sealed class AssistantOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Assistant";

    /// <summary>Constant k of reciprocal rank fusion, score = Σ 1 / (k + rank); 60 is the value of Cormack et al. (2009). Default 60.</summary>
    [Range(1, 1000)]
    public int RrfK { get; set; } = 60;

    /// <summary>Candidates taken from each of lexical and vector search before fusion; default 50.</summary>
    [Range(1, 1000)]
    public int Candidates { get; set; } = 50;

    /// <summary>Largest <c>k</c> of a search; default 50.</summary>
    [Range(1, 1000)]
    public int MaxResults { get; set; } = 50;

    /// <summary>Numbered chunks put into a chat prompt; default 6 (6 × ~400 words fits an 8k-token window).</summary>
    [Range(1, 50)]
    public int ContextChunks { get; set; } = 6;

    /// <summary>Characters of a snippet in search results and citations; default 300.</summary>
    [Range(50, 4000)]
    public int SnippetLength { get; set; } = 300;
}
