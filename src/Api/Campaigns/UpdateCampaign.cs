using ChiroClick.Domain.Campaigns;

namespace ChiroClick.Api.Campaigns;

/// <summary><c>PUT /api/v1/crm/campaigns/{id}</c>: replaces a draft's (or a scheduled campaign's) name, channel, subject, template and audience.</summary>
public static class UpdateCampaignEndpoint
{
    /// <summary>Same rules as creation (400).</summary>
    public static ProblemDetails Validate(CreateCampaign c, OptOutLinks links) => CampaignInput.Validate(c, links);

    /// <summary>Appends CampaignUpdated; 404 unknown, 409 once launched.</summary>
    [WolverinePut("/api/v1/crm/campaigns/{id:guid}", OperationId = "updateCampaign", Summary = "Change a draft campaign")]
    public static (IResult, Events) Put(CreateCampaign c, [WriteAggregate] Campaign campaign)
    {
        var events = new Events();
        if (!campaign.NotLaunched)
            return (CampaignProblems.AlreadyLaunched(campaign), events);
        events.Add(new CampaignUpdated(campaign.Id, c.Name!.Trim(), c.Channel!.Value, c.Subject?.Trim(), c.Template!, c.Audience ?? new AudienceFilter()));
        return (Results.Ok(new { campaignId = campaign.Id }), events);
    }
}
