using ChiroClick.Api.Common;
using ChiroClick.Api.Infrastructure;
using ChiroClick.Domain.Campaigns;
using ChiroClick.Domain.Communications;
using ChiroClick.Domain.Patients;
using ChiroClick.Projections.Communications;
using ChiroClick.Projections.Patients;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace ChiroClick.Api.Campaigns;

/// <summary>Body of <c>POST /api/v1/crm/campaigns</c>: name, channel (email|sms) and template are required; subject for e-mail.</summary>
public sealed record CreateCampaign(string? Name, CampaignChannel? Channel, string? Subject, string? Template, AudienceFilter? Audience);

/// <summary>Answer to a created campaign (201).</summary>
public sealed record CampaignCreatedResponse(Guid Id, string Url) : CreationResponse(Url);

/// <summary>Statistics of a campaign: audience size, sent, failed counts; delivered = sent (no delivery receipts yet); rates in 0..1.</summary>
public sealed record CampaignStats(Guid CampaignId, string Status, int Audience, int Sent, int Delivered, int Failed, double OpenRate, double ClickRate);

/// <summary>Message sent to one recipient of a launched campaign (one per recipient, through the durable outbox).</summary>
/// <param name="CampaignId">Campaign.</param>
/// <param name="PatientId">Recipient.</param>
public sealed record SendCampaignMessage(Guid CampaignId, Guid PatientId);

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

/// <summary><c>POST /api/v1/crm/campaigns</c>.</summary>
public static class CreateCampaignEndpoint
{
    /// <summary>400 for missing name/channel/template, an e-mail without subject or an inverted visit window.</summary>
    public static ProblemDetails Validate(CreateCampaign c)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(c.Name)) errors.Add("name", "name is required.");
        if (c.Channel is null) errors.Add("channel", $"channel is required: one of {ChiroJson.Known<CampaignChannel>()}.");
        if (string.IsNullOrWhiteSpace(c.Template)) errors.Add("template", "template is required.");
        if (c.Channel == CampaignChannel.Email && string.IsNullOrWhiteSpace(c.Subject)) errors.Add("subject", "subject is required for e-mail.");
        if (c.Audience is { LastVisitBefore: { } b, LastVisitAfter: { } a } && b <= a)
            errors.Add("audience", "audience.lastVisitBefore must be after audience.lastVisitAfter.");
        return Problems.Validation(errors);
    }

    /// <summary>Drafts the campaign (CampaignCreated).</summary>
    [WolverinePost("/api/v1/crm/campaigns")]
    public static (CampaignCreatedResponse, IStartStream) Post(CreateCampaign c)
    {
        var id = Guid.CreateVersion7();
        var created = new CampaignCreated(id, c.Name!.Trim(), c.Channel!.Value, c.Subject?.Trim(), c.Template!, c.Audience ?? new AudienceFilter());
        return (new CampaignCreatedResponse(id, $"/api/v1/crm/campaigns/{id}"), MartenOps.StartStream<Campaign>(id, created));
    }
}

/// <summary><c>GET /api/v1/crm/campaigns</c> and <c>GET /api/v1/crm/campaigns/{id}</c>.</summary>
public static class GetCampaignsEndpoint
{
    /// <summary>All campaigns of the clinic, newest first.</summary>
    [WolverineGet("/api/v1/crm/campaigns")]
    public static async Task<IReadOnlyList<Campaign>> List(IQuerySession session, CancellationToken ct) =>
        (await session.Query<Campaign>().ToListAsync(ct)).OrderByDescending(x => x.Id).ToList();

    /// <summary>One campaign; 404 when unknown.</summary>
    [WolverineGet("/api/v1/crm/campaigns/{id:guid}")]
    public static Campaign Get([Entity] Campaign campaign) => campaign;

    /// <summary>Statistics; 404 when unknown.</summary>
    [WolverineGet("/api/v1/crm/campaigns/{id:guid}/stats")]
    public static CampaignStats Stats([Entity] Campaign campaign) =>
        new(campaign.Id, campaign.Status, campaign.Recipients.Count, campaign.Sent.Count, campaign.Sent.Count, campaign.Failed.Count, 0, 0);
}

/// <summary><c>POST /api/v1/crm/campaigns/{id}/launch</c>.</summary>
public static class LaunchCampaignEndpoint
{
    /// <summary>
    /// Resolves the audience from the patient read models (filter + the channel's marketing consent + an address), appends
    /// CampaignLaunched and cascades one <see cref="SendCampaignMessage"/> per recipient, committed with the event (durable
    /// outbox), spaced by <c>Campaigns:MessagesPerSecond</c> (0 or absent = no spacing). 404 unknown, 409 already launched.
    /// </summary>
    [WolverinePost("/api/v1/crm/campaigns/{id:guid}/launch")]
    public static async Task<(IResult, Events, OutgoingMessages)> Launch([WriteAggregate] Campaign campaign, IDocumentSession session,
        TimeProvider clock, IConfiguration configuration, CancellationToken ct)
    {
        var events = new Events();
        var messages = new OutgoingMessages();
        if (campaign.Status != "draft")
            return (Results.Problem(statusCode: 409, title: "Already launched", detail: $"Campaign {campaign.Id} is {campaign.Status}.",
                type: "https://www.rfc-editor.org/rfc/rfc9110#status.409"), events, messages);
        var patients = await session.Query<PatientSummary>().ToListAsync(ct);
        var recipients = patients.Where(p => CampaignAudience.Matches(campaign, p)).OrderBy(p => p.Id).Select(p => p.Id).ToList();
        var now = clock.GetUtcNow();
        events.Add(new CampaignLaunched(campaign.Id, recipients, recipients.Count, now));
        var rate = configuration.GetValue("Campaigns:MessagesPerSecond", 0.0);
        for (var i = 0; i < recipients.Count; i++)
        {
            var message = new SendCampaignMessage(campaign.Id, recipients[i]);
            if (rate > 0 && i > 0) messages.Delay(message, TimeSpan.FromSeconds(i / rate));
            else messages.Add(message);
        }
        if (recipients.Count == 0) events.Add(new CampaignCompleted(campaign.Id, now));
        return (Results.Ok(new { campaignId = campaign.Id, audience = recipients.Count }), events, messages);
    }
}

/// <summary>Audience rules of a campaign.</summary>
public static class CampaignAudience
{
    /// <summary>Whether the patient matches the filter, has the marketing consent of the channel and an address on it.</summary>
    public static bool Matches(Campaign campaign, PatientSummary p)
    {
        var channel = campaign.Channel == CampaignChannel.Email ? ConsentChannel.Email : ConsentChannel.Sms;
        if (!p.Consents.Contains(new ConsentGrant(channel, ConsentPurpose.Marketing))) return false;
        if (string.IsNullOrWhiteSpace(campaign.Channel == CampaignChannel.Email ? p.Email : p.Phone)) return false;
        var f = campaign.Audience;
        if (f.Stages is { Count: > 0 } stages && !stages.Contains(p.Stage)) return false;
        if (f.LastVisitBefore is { } before && (p.LastVisitAt is not { } lb || lb >= before)) return false;
        if (f.LastVisitAfter is { } after && (p.LastVisitAt is not { } la || la < after)) return false;
        return true;
    }
}

/// <summary>Wolverine handler of <see cref="SendCampaignMessage"/> (sequential durable local queue, tenant carried by the envelope).</summary>
public static class SendCampaignMessageHandler
{
    /// <summary>
    /// Sends once: skips a recipient the campaign stream already records (retry/replay); stores the rendered message in the
    /// outbox table, appends CampaignMessageSent (or Failed) and a CommunicationLogged with the campaign id, and
    /// CampaignCompleted after the last recipient.
    /// </summary>
    public static async Task Handle(SendCampaignMessage m, IDocumentSession session, TimeProvider clock, IEmailSender email,
        ISmsSender sms, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Campaign>(m.CampaignId, ct);
        var campaign = stream.Aggregate;
        if (campaign is null || campaign.Handled(m.PatientId)) return;
        var now = clock.GetUtcNow();
        var patient = await session.LoadAsync<PatientSummary>(m.PatientId, ct);
        var events = new List<object>();
        if (patient is null || !CampaignAudience.Matches(campaign with { Audience = new AudienceFilter() }, patient))
            events.Add(new CampaignMessageFailed(campaign.Id, m.PatientId, "No consent or address at send time.", now));
        else
        {
            var id = Guid.CreateVersion7();
            var body = Campaign.Render(campaign.Template, patient.FullName);
            var isEmail = campaign.Channel == CampaignChannel.Email;
            var to = (isEmail ? patient.Email : patient.Phone)!;
            // A send failure throws before anything is appended; Wolverine retries it (CampaignsConfiguration).
            var dispatched = isEmail
                ? await email.SendAsync(to, campaign.Subject ?? campaign.Name, body, ct)
                : await sms.SendAsync(to, body, ct);
            session.Store(new CampaignOutboxMessage
            {
                Id = id, CampaignId = campaign.Id, PatientId = patient.Id, Channel = campaign.Channel,
                To = to, Subject = campaign.Subject, Body = body, Dispatched = dispatched, CreatedAt = now,
            });
            session.Events.StartStream<CommunicationEntry>(id, new CommunicationLogged(id, patient.Id, null,
                isEmail ? CommunicationChannel.Email : CommunicationChannel.Sms, CommunicationDirection.Outbound,
                campaign.Subject ?? campaign.Name, body, null, campaign.Id, now));
            events.Add(new CampaignMessageSent(campaign.Id, patient.Id, id, now));
        }
        if (campaign.Sent.Count + campaign.Failed.Count + 1 >= campaign.Recipients.Count) events.Add(new CampaignCompleted(campaign.Id, now));
        stream.AppendMany(events);
    }
}
