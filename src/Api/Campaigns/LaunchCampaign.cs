using ChiroClick.Domain.Campaigns;
using ChiroClick.Domain.Patients;
using ChiroClick.Projections.Patients;

namespace ChiroClick.Api.Campaigns;

/// <summary>Message sent to one recipient of a launched campaign (one per recipient, through the durable outbox).</summary>
/// <param name="CampaignId">Campaign.</param>
/// <param name="PatientId">Recipient.</param>
public sealed record SendCampaignMessage(Guid CampaignId, Guid PatientId);

/// <summary><c>POST /api/v1/crm/campaigns/{id}/launch</c>.</summary>
public static class LaunchCampaignEndpoint
{
    /// <summary>
    /// Launches a draft or scheduled campaign now (see <see cref="CampaignLauncher"/>). 404 unknown, 409 already launched.
    /// Answers <c>{campaignId, audience}</c>.
    /// </summary>
    [WolverinePost("/api/v1/crm/campaigns/{id:guid}/launch", OperationId = "launchCampaign", Summary = "Launch a campaign now")]
    public static async Task<(IResult, Events, OutgoingMessages)> Launch([WriteAggregate] Campaign campaign, IDocumentSession session,
        TimeProvider clock, IOptions<CampaignsOptions> options, CancellationToken ct)
    {
        var events = new Events();
        var messages = new OutgoingMessages();
        if (!campaign.NotLaunched)
            return (CampaignProblems.AlreadyLaunched(campaign), events, messages);
        var audience = await CampaignLauncher.LaunchAsync(campaign, session, clock.GetUtcNow(), options.Value, events, messages, ct);
        return (Results.Ok(new { campaignId = campaign.Id, audience }), events, messages);
    }
}

/// <summary>Launch rules shared by the launch endpoint and scheduled launches.</summary>
public static class CampaignLauncher
{
    /// <summary>Configuration key of the send rate (<see cref="CampaignsOptions.MessagesPerSecond"/>).</summary>
    public const string RateSetting = "Campaigns:MessagesPerSecond";

    /// <summary>
    /// Resolves the audience from the patient read models (filter + the required consent on the channel + an address), adds
    /// CampaignLaunched (and CampaignCompleted for an empty audience) to <paramref name="events"/> and one
    /// <see cref="SendCampaignMessage"/> per recipient to <paramref name="messages"/>: they are committed with the event
    /// (Wolverine's durable outbox), spaced by <c>Campaigns:MessagesPerSecond</c>. Returns the audience size.
    /// </summary>
    public static async Task<int> LaunchAsync(Campaign campaign, IQuerySession session, DateTimeOffset now, CampaignsOptions options,
        ICollection<object> events, OutgoingMessages messages, CancellationToken ct)
    {
        var recipients = await CampaignAudience.QueryAsync(campaign, session, ct);
        events.Add(new CampaignLaunched(campaign.Id, recipients, recipients.Count, now));
        var rate = options.MessagesPerSecond;
        for (var i = 0; i < recipients.Count; i++)
        {
            var message = new SendCampaignMessage(campaign.Id, recipients[i]);
            if (rate > 0 && i > 0) messages.Delay(message, TimeSpan.FromSeconds(i / rate));
            else messages.Add(message);
        }
        if (recipients.Count == 0) events.Add(new CampaignCompleted(campaign.Id, now));
        return recipients.Count;
    }
}

/// <summary>Audience rules of a campaign.</summary>
public static class CampaignAudience
{
    /// <summary>
    /// The recipients (ids ascending), resolved in PostgreSQL: the filter's stages and last-visit window and the required consent
    /// on the channel narrow the query; <see cref="Matches"/> then checks the (few) loaded patients with the exact rules.
    /// </summary>
    public static async Task<List<Guid>> QueryAsync(Campaign campaign, IQuerySession session, CancellationToken ct)
    {
        var grant = new ConsentGrant(campaign.Channel == CampaignChannel.Email ? ConsentChannel.Email : ConsentChannel.Sms, campaign.RequiredConsent);
        IQueryable<PatientSummary> query = session.Query<PatientSummary>()
            .Where(p => p.Consents.Any(c => c.Channel == grant.Channel && c.Purpose == grant.Purpose));
        var f = campaign.Audience;
        if (f.Stages is { Count: > 0 } stages)
        {
            var wanted = stages.ToArray();
            query = query.Where(p => wanted.Contains(p.Stage));
        }
        if (f.LastVisitBefore is { } before) query = query.Where(p => p.LastVisitAt != null && p.LastVisitAt < before);
        if (f.LastVisitAfter is { } after) query = query.Where(p => p.LastVisitAt != null && p.LastVisitAt >= after);
        var candidates = await query.OrderBy(p => p.Id).ToListAsync(ct);
        return candidates.Where(p => Matches(campaign, p)).Select(p => p.Id).ToList();
    }

    /// <summary>Whether the patient matches the filter, has the campaign's required consent on its channel and an address on it.</summary>
    public static bool Matches(Campaign campaign, PatientSummary p) => HasConsentAndAddress(campaign, p) && MatchesFilter(campaign.Audience, p);

    /// <summary>Whether the patient matches the filter's stages and last-visit window (patients without visits fail a window).</summary>
    public static bool MatchesFilter(AudienceFilter f, PatientSummary p)
    {
        if (f.Stages is { Count: > 0 } stages && !stages.Contains(p.Stage)) return false;
        if (f.LastVisitBefore is { } before && (p.LastVisitAt is not { } lb || lb >= before)) return false;
        if (f.LastVisitAfter is { } after && (p.LastVisitAt is not { } la || la < after)) return false;
        return true;
    }

    /// <summary>Whether the patient has the campaign's required consent (<see cref="Campaign.RequiredConsent"/>) on its channel and an address (e-mail or phone) there.</summary>
    public static bool HasConsentAndAddress(Campaign campaign, PatientSummary p)
    {
        var channel = campaign.Channel == CampaignChannel.Email ? ConsentChannel.Email : ConsentChannel.Sms;
        return p.Consents.Contains(new ConsentGrant(channel, campaign.RequiredConsent)) &&
               !string.IsNullOrWhiteSpace(campaign.Channel == CampaignChannel.Email ? p.Email : p.Phone);
    }
}

/// <summary>Launches a scheduled campaign; sent as a Wolverine scheduled message for <see cref="At"/> and by the sweep.</summary>
/// <param name="CampaignId">Campaign.</param>
/// <param name="At">The schedule this message belongs to: a message for an older schedule does nothing.</param>
public sealed record LaunchScheduledCampaign(Guid CampaignId, DateTimeOffset At);

/// <summary>Command: launch every scheduled campaign of the message's tenant (clinic) that is due (sent with the lifecycle sweep).</summary>
public sealed record SweepCampaigns;

/// <summary>Wolverine handlers of scheduled launches.</summary>
public static class ScheduledCampaignHandler
{
    /// <summary>
    /// Launches when the campaign is still scheduled for <see cref="LaunchScheduledCampaign.At"/> and that time has come; a
    /// campaign launched by hand, re-scheduled or already launched by the other path is left alone, so the scheduled message
    /// and the sweep never launch twice (and the stream's version check stops a race between them).
    /// </summary>
    public static async Task<OutgoingMessages> Handle(LaunchScheduledCampaign m, IDocumentSession session, TimeProvider clock,
        IOptions<CampaignsOptions> options, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        var stream = await session.Events.FetchForWriting<Campaign>(m.CampaignId, ct);
        var now = clock.GetUtcNow();
        if (stream.Aggregate is not { Status: CampaignStatus.Scheduled } campaign || campaign.ScheduledAt != m.At || m.At > now) return messages;
        var events = new List<object>();
        await CampaignLauncher.LaunchAsync(campaign, session, now, options.Value, events, messages, ct);
        stream.AppendMany(events);
        return messages;
    }

    /// <summary>Due scheduled campaigns → <see cref="LaunchScheduledCampaign"/> (safety net for a lost scheduled message, and for tests that move the clock).</summary>
    public static async Task<OutgoingMessages> Handle(SweepCampaigns _, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        var now = clock.GetUtcNow();
        var scheduled = await session.Query<Campaign>().Where(c => c.Status == CampaignStatus.Scheduled).ToListAsync(ct);
        foreach (var c in scheduled.Where(c => c.ScheduledAt <= now)) messages.Add(new LaunchScheduledCampaign(c.Id, c.ScheduledAt!.Value));
        return messages;
    }
}
