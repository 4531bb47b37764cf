using ChiroClick.Projections.Ai;
using Wolverine.Persistence;

namespace ChiroClick.Api.Ai;

/// <summary><c>GET /api/v1/ai/suggestions/{id}</c>: one suggestion with prompts, output and decision; 404 when unknown in this clinic.</summary>
public static class GetSuggestionEndpoint
{
    /// <summary>Reads the inline view.</summary>
    [WolverineGet("/api/v1/ai/suggestions/{id:guid}", OperationId = "getSuggestion", Summary = "Get one AI suggestion with its decision")]
    public static AiSuggestionView Get([Entity] AiSuggestionView suggestion) => suggestion;
}
