namespace ChiroClick.Domain.Campaigns;

/// <summary>What a provider reports about one sent campaign message.</summary>
public enum CampaignDeliveryEventType
{
    /// <summary>Delivery receipt (SMS delivery report, e-mail provider "delivered").</summary>
    Delivered,
    /// <summary>The recipient opened it.</summary>
    Opened,
    /// <summary>The recipient followed a link.</summary>
    Clicked,
    /// <summary>Bounce or permanent delivery failure after sending.</summary>
    Failed,
}

/// <summary>Pure decisions on the providers' reports about sent campaign messages.</summary>
public static class CampaignDeliveryDecisions
{
    /// <summary>
    /// The events a report of <paramref name="type"/> about recipient <paramref name="patientId"/> (sent the campaign) adds: each kind
    /// once per recipient (stats count recipients; providers resend webhooks); an open or click without a delivery receipt also records
    /// the delivery (it evidently arrived); nothing after a bounce. <paramref name="url"/> for clicks, <paramref name="reason"/> for
    /// failures ("bounced" when blank).
    /// </summary>
    public static IReadOnlyList<object> Report(Campaign campaign, CampaignDeliveryEventType type, Guid patientId, DateTimeOffset at,
        string? url, string? reason)
    {
        var events = new List<object>();
        var delivered = campaign.Delivered.Contains(patientId);
        var bounced = campaign.Failed.Contains(patientId);
        switch (type)
        {
            case CampaignDeliveryEventType.Delivered when !delivered && !bounced:
                events.Add(new CampaignMessageDelivered(campaign.Id, patientId, at));
                break;
            case CampaignDeliveryEventType.Opened or CampaignDeliveryEventType.Clicked when !bounced:
                if (!delivered) events.Add(new CampaignMessageDelivered(campaign.Id, patientId, at));
                if (type == CampaignDeliveryEventType.Opened && !campaign.Opened.Contains(patientId))
                    events.Add(new CampaignMessageOpened(campaign.Id, patientId, at));
                if (type == CampaignDeliveryEventType.Clicked && !campaign.Clicked.Contains(patientId))
                    events.Add(new CampaignMessageClicked(campaign.Id, patientId, url, at));
                break;
            case CampaignDeliveryEventType.Failed when !bounced:
                events.Add(new CampaignMessageFailed(campaign.Id, patientId, string.IsNullOrWhiteSpace(reason) ? "bounced" : reason.Trim(), at));
                break;
        }
        return events;
    }
}
