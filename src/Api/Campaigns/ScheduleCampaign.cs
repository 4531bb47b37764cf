using ChiroClick.Domain.Campaigns;

namespace ChiroClick.Api.Campaigns;

/// <summary>Body of <c>POST /api/v1/crm/campaigns/{id}/schedule</c>: the launch time (ISO 8601 with offset, in the future).</summary>
public sealed record ScheduleCampaign(DateTimeOffset? At);

/// <summary><c>POST /api/v1/crm/campaigns/{id}/schedule</c>: the campaign launches by itself at <c>at</c>.</summary>
public static class ScheduleCampaignEndpoint
{
    /// <summary>400 without <c>at</c> or with a time that has passed.</summary>
    public static ProblemDetails Validate(ScheduleCampaign c, TimeProvider clock)
    {
        var errors = new Dictionary<string, string[]>();
        if (c.At is null) errors.Add("at", "at (the launch time, ISO 8601 with offset) is required.");
        else if (c.At <= clock.GetUtcNow()) errors.Add("at", "at must be in the future; launch now with POST /api/v1/crm/campaigns/{id}/launch.");
        return Problems.Validation(errors);
    }

    /// <summary>
    /// Appends CampaignScheduled and schedules a durable Wolverine message (<see cref="LaunchScheduledCampaign"/>) for that time,
    /// committed with the event; scheduling again replaces the time (the older message then does nothing). 404 unknown, 409 once
    /// launched. Answers <c>{campaignId, status, scheduledAt}</c>.
    /// </summary>
    [WolverinePost("/api/v1/crm/campaigns/{id:guid}/schedule", OperationId = "scheduleCampaign", Summary = "Schedule a campaign's launch")]
    public static (IResult, Events, OutgoingMessages) Post(ScheduleCampaign c, [WriteAggregate] Campaign campaign)
    {
        var events = new Events();
        var messages = new OutgoingMessages();
        if (!campaign.NotLaunched)
            return (CampaignProblems.AlreadyLaunched(campaign), events, messages);
        var at = c.At!.Value.ToUniversalTime();
        events.Add(new CampaignScheduled(campaign.Id, at));
        messages.Schedule(new LaunchScheduledCampaign(campaign.Id, at), at);
        return (Results.Ok(new { campaignId = campaign.Id, status = CampaignStatus.Scheduled, scheduledAt = at }), events, messages);
    }
}
