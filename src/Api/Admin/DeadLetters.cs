using System.Security.Claims;
using ChiroClick.Api.Access;
using Wolverine.Persistence.Durability;
using Wolverine.Persistence.Durability.DeadLetterManagement;
using Wolverine.Runtime;

namespace ChiroClick.Api.Admin;

/// <summary>
/// One message Wolverine gave up on (a campaign send or workflow step after its retries, a refused SMTP server, ...), as kept in
/// Wolverine's own dead-letter storage (<c>wolverine_dead_letters</c>). The message body is not shown.
/// </summary>
/// <param name="Id">Envelope id (the replay route takes it).</param>
/// <param name="MessageType">Wolverine's message type name.</param>
/// <param name="ExceptionType">Full name of the last exception.</param>
/// <param name="ExceptionMessage">Its message.</param>
/// <param name="SentAt">When the message was sent.</param>
/// <param name="FailedAt">When it was dead-lettered, when known.</param>
/// <param name="Replayable">Marked for replay and waiting for Wolverine to pick it up again.</param>
/// <param name="ReplayCount">Replays that failed again.</param>
/// <param name="ReceivedAt">Endpoint (URI) it was received at.</param>
/// <param name="Source">Service that sent it.</param>
public sealed record DeadLetterView(Guid Id, string? MessageType, string? ExceptionType, string? ExceptionMessage, DateTimeOffset SentAt,
    DateTimeOffset? FailedAt, bool Replayable, int ReplayCount, string? ReceivedAt, string? Source)
{
    /// <summary>The view of a stored dead letter.</summary>
    public static DeadLetterView Of(DeadLetterEnvelope d) => new(d.Id, d.MessageType, d.ExceptionType, d.ExceptionMessage, d.SentAt,
        d.FailedAt, d.Replayable, d.ReplayCount, d.ReceivedAt, d.Source);
}

/// <summary>Answer of a replay: the message is marked replayable and Wolverine's durability agent re-queues it within seconds.</summary>
public sealed record DeadLetterReplayed(Guid Id, bool Replayable);

/// <summary>
/// <c>GET /api/v1/admin/dead-letters</c> and <c>POST /api/v1/admin/dead-letters/{id}/replay</c> over Wolverine's dead-letter
/// storage (<see cref="IDeadLetters"/>). A clinic sees only the dead letters of its own tenant (the envelope's tenant id):
/// the store is shared by every clinic in one database.
/// </summary>
public static class DeadLetterEndpoints
{
    /// <summary>Dead letters examined per request at most (the store cannot filter by tenant, so the page is cut in memory).</summary>
    public const int ScanLimit = 10_000;

    /// <summary>
    /// The clinic's dead letters, newest first, paged (<c>page</c> from 1, <c>pageSize</c> 1..200, default 50). 400 for bad paging.
    /// </summary>
    [WolverineGet("/api/v1/admin/dead-letters", OperationId = "listDeadLetters", Summary = "List messages that failed every retry")]
    public static async Task<IResult> List(string? page, string? pageSize, ClaimsPrincipal user, IWolverineRuntime runtime, CancellationToken ct)
    {
        if (Paging.Check(page, pageSize, out var number, out var size) is { } bad) return bad;
        var mine = await ForTenantAsync(runtime.Storage.DeadLetters, TenantOf(user), ct);
        var items = mine.OrderByDescending(d => d.FailedAt ?? d.SentAt).Skip((number - 1) * size).Take(size).Select(DeadLetterView.Of).ToList();
        return Results.Ok(new Paged<DeadLetterView>(items, number, size, mine.Count));
    }

    /// <summary>Marks one of the clinic's dead letters for replay. 404 when no dead letter of the clinic has that id.</summary>
    [WolverinePost("/api/v1/admin/dead-letters/{id:guid}/replay", OperationId = "replayDeadLetter", Summary = "Replay a dead-lettered message")]
    public static async Task<IResult> Replay(Guid id, ClaimsPrincipal user, IWolverineRuntime runtime, CancellationToken ct)
    {
        var deadLetters = runtime.Storage.DeadLetters;
        var found = await deadLetters.DeadLetterEnvelopeByIdAsync(id, null);
        if (found is null || found.Envelope?.TenantId != TenantOf(user))
            return Results.Problem(statusCode: 404, title: "Unknown dead letter", detail: $"This clinic has no dead letter {id}.",
                type: "https://www.rfc-editor.org/rfc/rfc9110#status.404");
        await deadLetters.ReplayAsync(new DeadLetterEnvelopeQuery([id]), ct);
        return Results.Ok(new DeadLetterReplayed(id, true));
    }

    private static string TenantOf(ClaimsPrincipal user) => user.FindFirst(ApiKeyAuthentication.ClinicClaim)?.Value ?? "";

    private static async Task<List<DeadLetterEnvelope>> ForTenantAsync(IDeadLetters deadLetters, string tenant, CancellationToken ct)
    {
        var mine = new List<DeadLetterEnvelope>();
        const int batch = 500;
        for (var scanned = 0; scanned < ScanLimit; scanned += batch)
        {
            var results = await deadLetters.QueryAsync(new DeadLetterEnvelopeQuery { PageNumber = scanned / batch + FirstPage, PageSize = batch }, ct);
            mine.AddRange(results.Envelopes.Where(d => d.Envelope?.TenantId == tenant));
            if (results.Envelopes.Count < batch) break;
        }
        return mine;
    }

    // Wolverine's dead-letter pages are numbered from FirstPage.
    private const int FirstPage = 1;
}
