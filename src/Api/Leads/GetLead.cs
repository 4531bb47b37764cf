using ChiroClick.Api.Common;
using ChiroClick.Projections.Leads;
using Marten;
using Wolverine.Http;

namespace ChiroClick.Api.Leads;

/// <summary>
/// <c>GET /api/v1/crm/leads/{id}[?version=N | ?asOf=ISO-8601]</c>: one lead with its stream version; with
/// <c>version</c> or <c>asOf</c> the lead as it was then, replayed from its events (auditors). 404 when
/// unknown in this clinic or when it did not exist yet at that point.
/// </summary>
public static class GetLeadEndpoint
{
    /// <summary>Reads the inline projection, or replays the stream for a historical state.</summary>
    [WolverineGet("/api/v1/crm/leads/{id:guid}")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<LeadSummary>(200)]
    public static async Task<IResult> Get(Guid id, int? version, DateTimeOffset? asOf, IQuerySession session, CancellationToken ct)
    {
        if (version is < 1) return Problems.BadRequest("version starts at 1.");
        if (version is not null && asOf is not null) return Problems.BadRequest("Give either version or asOf, not both.");

        var lead = version is null && asOf is null
            ? await session.LoadAsync<LeadSummary>(id, ct)
            : await session.Events.AggregateStreamAsync<LeadSummary>(id, version ?? 0, asOf, token: ct);
        if (lead is null || (version is { } v && lead.Version < v))
        {
            var when = version is { } n ? $" at version {n}" : asOf is { } t ? $" as of {t:O}" : "";
            return Results.Problem(statusCode: 404, title: "Not found", detail: $"No lead {id} in this clinic{when}.");
        }
        return Results.Ok(lead);
    }
}
