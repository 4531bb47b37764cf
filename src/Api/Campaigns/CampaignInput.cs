using ChiroClick.Api.Infrastructure;
using ChiroClick.Domain.Campaigns;

namespace ChiroClick.Api.Campaigns;

/// <summary>The checks of a campaign draft, shared by creating (<see cref="CreateCampaignEndpoint"/>) and replacing one.</summary>
public static class CampaignInput
{
    /// <summary>
    /// 400 for missing name/channel/template, an e-mail without subject, an inverted visit window, or <c>{optOutUrl}</c> in the
    /// template while <c>Campaigns:PublicBaseUrl</c> is not configured.
    /// </summary>
    public static ProblemDetails Validate(CreateCampaign c, OptOutLinks links)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(c.Name)) errors.Add("name", "name is required.");
        if (c.Channel is null) errors.Add("channel", $"channel is required: one of {ChiroJson.Known<CampaignChannel>()}.");
        if (string.IsNullOrWhiteSpace(c.Template)) errors.Add("template", "template is required.");
        if (c.Channel == CampaignChannel.Email && string.IsNullOrWhiteSpace(c.Subject)) errors.Add("subject", "subject is required for e-mail.");
        if (c.Template?.Contains(Messaging.MessageTemplates.OptOutPlaceholder) == true && !links.Enabled)
            errors.Add("template", $"{Messaging.MessageTemplates.OptOutPlaceholder} needs {OptOutLinks.PublicBaseUrlSetting} (the public address patients reach) to be configured.");
        if (c.Audience is { LastVisitBefore: { } b, LastVisitAfter: { } a } && b <= a)
            errors.Add("audience", "audience.lastVisitBefore must be after audience.lastVisitAfter.");
        return Problems.Validation(errors);
    }
}
