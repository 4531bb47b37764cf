using ChiroClick.Domain.Campaigns;
using Wolverine.Persistence;

namespace ChiroClick.Api.Campaigns;

/// <summary>Body of <c>POST /api/v1/crm/campaigns</c>: name, channel (email|sms) and template are required; subject for e-mail.</summary>
public sealed record CreateCampaign(string? Name, CampaignChannel? Channel, string? Subject, string? Template, AudienceFilter? Audience);

/// <summary>Answer to a created campaign (201).</summary>
public sealed record CampaignCreatedResponse(Guid Id, string Url) : CreationResponse(Url);

/// <summary>
/// Statistics of a campaign, from its stream. Counts are recipients (each counted once): <c>audience</c> = the launch snapshot;
/// <c>sent</c> = handed to the channel; <c>delivered</c> = accepted by the SMTP server or confirmed by the SMS provider's
/// delivery report (minus later bounces); <c>failed</c> = not sent (no consent or address at send time) or bounced;
/// <c>pending</c> = neither sent nor failed yet. <c>openRate</c> = opened / delivered and <c>clickRate</c> = clicked / delivered,
/// fractions 0..1 rounded to 4 decimals (0 when nothing is delivered).
/// </summary>
public sealed record CampaignStats(Guid CampaignId, CampaignStatus Status, DateTimeOffset? ScheduledAt, int Audience, int Sent, int Delivered,
    int Failed, int Pending, int Opened, int Clicked, double OpenRate, double ClickRate)
{
    /// <summary>Figures of <paramref name="c"/>.</summary>
    public static CampaignStats Of(Campaign c)
    {
        double Rate(int n) => c.Delivered.Count == 0 ? 0 : Math.Round((double)n / c.Delivered.Count, 4);
        var pending = c.Recipients.Count - c.HandledCount;
        return new(c.Id, c.Status, c.ScheduledAt, c.Recipients.Count, c.Sent.Count, c.Delivered.Count, c.Failed.Count, pending,
            c.Opened.Count, c.Clicked.Count, Rate(c.Opened.Count), Rate(c.Clicked.Count));
    }
}

/// <summary>A campaign message as handed to the channel, stored so that nothing is lost while no provider is configured.</summary>
public sealed class CampaignOutboxMessage
{
    /// <summary>Id (= the CommunicationLogged stream id).</summary>
    public Guid Id { get; set; }
    /// <summary>Campaign.</summary>
    public Guid CampaignId { get; set; }
    /// <summary>Recipient patient.</summary>
    public Guid PatientId { get; set; }
    /// <summary>Channel.</summary>
    public CampaignChannel Channel { get; set; }
    /// <summary>E-mail address or E.164 phone.</summary>
    public string To { get; set; } = "";
    /// <summary>Subject (e-mail) or null.</summary>
    public string? Subject { get; set; }
    /// <summary>Rendered body.</summary>
    public string Body { get; set; } = "";
    /// <summary>Whether it was handed to an SMTP server or SMS provider (false = waiting for one).</summary>
    public bool Dispatched { get; set; }
    /// <summary>When it was stored.</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Workflow run that sent it (then <see cref="CampaignId"/> is <see cref="Guid.Empty"/>), or null.</summary>
    public Guid? WorkflowRunId { get; set; }
}

/// <summary>Problem answers shared by the campaign endpoints.</summary>
public static class CampaignProblems
{
    /// <summary>409: the campaign was launched and can no longer change, be scheduled or be launched again.</summary>
    public static IResult AlreadyLaunched(Campaign campaign) => Results.Problem(statusCode: 409, title: "Already launched",
        detail: $"Campaign {campaign.Id} is {ChiroClick.Domain.Common.WireName.Of(campaign.Status)} and can no longer change, be scheduled or be launched.",
        type: "https://www.rfc-editor.org/rfc/rfc9110#status.409");
}

/// <summary><c>POST /api/v1/crm/campaigns</c>.</summary>
public static class CreateCampaignEndpoint
{
    /// <summary>400 for an invalid draft (<see cref="CampaignInput.Validate"/>).</summary>
    public static ProblemDetails Validate(CreateCampaign c, OptOutLinks links) => CampaignInput.Validate(c, links);

    /// <summary>Drafts the campaign (CampaignCreated).</summary>
    [WolverinePost("/api/v1/crm/campaigns", OperationId = "createCampaign", Summary = "Create a campaign draft")]
    public static (CampaignCreatedResponse, IStartStream) Post(CreateCampaign c)
    {
        var id = Guid.CreateVersion7();
        var created = new CampaignCreated(id, c.Name!.Trim(), c.Channel!.Value, c.Subject?.Trim(), c.Template!, c.Audience ?? new AudienceFilter());
        return (new CampaignCreatedResponse(id, $"/api/v1/crm/campaigns/{id}"), MartenOps.StartStream<Campaign>(id, created));
    }
}

/// <summary>A campaign in the list: the campaign's fields without its recipient lists (read one campaign or its stats for those).</summary>
public sealed record CampaignListItem(Guid Id, int Version, string Name, CampaignChannel Channel, string? Subject, string Template,
    AudienceFilter Audience, CampaignStatus Status, DateTimeOffset? ScheduledAt);

/// <summary><c>GET /api/v1/crm/campaigns</c> and <c>GET /api/v1/crm/campaigns/{id}</c>.</summary>
public static class GetCampaignsEndpoint
{
    /// <summary>The clinic's campaigns, newest first, paged (<c>page</c> from 1, <c>pageSize</c> 1..200, default 50).</summary>
    [WolverineGet("/api/v1/crm/campaigns", OperationId = "listCampaigns", Summary = "List campaigns")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<Paged<CampaignListItem>>(200)]
    public static async Task<IResult> List(IQuerySession session, string? page, string? pageSize, CancellationToken ct)
    {
        if (Paging.Check(page, pageSize, out var number, out var size) is { } bad) return bad;
        // Only the list's fields leave PostgreSQL: the recipient, sent, delivered... lists stay in the database.
        var total = await session.Query<Campaign>().CountAsync(ct);
        var items = await session.Query<Campaign>().OrderByDescending(x => x.Id).Skip((number - 1) * size).Take(size)
            .Select(c => new CampaignListItem(c.Id, c.Version, c.Name, c.Channel, c.Subject, c.Template, c.Audience, c.Status, c.ScheduledAt))
            .ToListAsync(ct);
        return Results.Ok(new Paged<CampaignListItem>(items, number, size, total));
    }

    /// <summary>One campaign with its recipient lists; 404 when unknown.</summary>
    [WolverineGet("/api/v1/crm/campaigns/{id:guid}", OperationId = "getCampaign", Summary = "Get one campaign")]
    public static Campaign Get([Entity] Campaign campaign) => campaign;

    /// <summary>Statistics; 404 when unknown.</summary>
    [WolverineGet("/api/v1/crm/campaigns/{id:guid}/stats", OperationId = "getCampaignStats", Summary = "Get a campaign's delivery figures")]
    public static CampaignStats Stats([Entity] Campaign campaign) => CampaignStats.Of(campaign);
}

