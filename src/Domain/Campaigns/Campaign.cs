using ChiroClick.Domain.Patients;

namespace ChiroClick.Domain.Campaigns;

/// <summary>Channel a campaign is sent through.</summary>
public enum CampaignChannel
{
    /// <summary>E-mail (needs the patient's e-mail address and an email × marketing consent).</summary>
    Email,
    /// <summary>Text message (needs a phone number and an sms × marketing consent).</summary>
    Sms,
}

/// <summary>Who a campaign goes to; every part is optional and they combine with AND.</summary>
/// <param name="Stages">Lifecycle stages to include; null or empty = all.</param>
/// <param name="LastVisitBefore">Only patients whose last visit is before this time (patients without visits are excluded).</param>
/// <param name="LastVisitAfter">Only patients whose last visit is at or after this time.</param>
public sealed record AudienceFilter(IReadOnlyList<LifecycleStage>? Stages = null, DateTimeOffset? LastVisitBefore = null,
    DateTimeOffset? LastVisitAfter = null);

/// <summary>Marker of campaign events.</summary>
public interface ICampaignEvent
{
    /// <summary>Campaign stream id.</summary>
    Guid CampaignId { get; }
}

/// <summary>A campaign was drafted. One stream per campaign.</summary>
/// <param name="CampaignId">Stream id.</param>
/// <param name="Name">Name shown in lists.</param>
/// <param name="Channel">email or sms.</param>
/// <param name="Subject">E-mail subject (null for sms).</param>
/// <param name="Template">Body with placeholders <c>{firstName}</c>, <c>{fullName}</c>.</param>
/// <param name="Audience">Audience filter; the marketing consent for the channel is always required.</param>
public sealed record CampaignCreated(Guid CampaignId, string Name, CampaignChannel Channel, string? Subject, string Template,
    AudienceFilter Audience) : ICampaignEvent;

/// <summary>A draft campaign was changed; carries the full new values.</summary>
/// <param name="CampaignId">Campaign.</param>
/// <param name="Name">Name.</param>
/// <param name="Channel">email or sms.</param>
/// <param name="Subject">E-mail subject (null for sms).</param>
/// <param name="Template">Body template.</param>
/// <param name="Audience">Audience filter.</param>
public sealed record CampaignUpdated(Guid CampaignId, string Name, CampaignChannel Channel, string? Subject, string Template,
    AudienceFilter Audience) : ICampaignEvent;

/// <summary>The campaign was launched: the audience snapshot resolved at launch from the patient read models.</summary>
/// <param name="CampaignId">Campaign.</param>
/// <param name="RecipientIds">Patients the campaign goes to.</param>
/// <param name="Count">Number of recipients.</param>
/// <param name="LaunchedAt">Launch time.</param>
public sealed record CampaignLaunched(Guid CampaignId, IReadOnlyList<Guid> RecipientIds, int Count, DateTimeOffset LaunchedAt) : ICampaignEvent;

/// <summary>The campaign's message was handed to the channel for one recipient.</summary>
/// <param name="CampaignId">Campaign.</param>
/// <param name="PatientId">Recipient.</param>
/// <param name="CommunicationId">The CommunicationLogged stream recording it.</param>
/// <param name="SentAt">Send time.</param>
public sealed record CampaignMessageSent(Guid CampaignId, Guid PatientId, Guid CommunicationId, DateTimeOffset SentAt) : ICampaignEvent;

/// <summary>The message could not be sent to one recipient (no address, consent withdrawn since launch, ...).</summary>
/// <param name="CampaignId">Campaign.</param>
/// <param name="PatientId">Recipient.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="FailedAt">Time.</param>
public sealed record CampaignMessageFailed(Guid CampaignId, Guid PatientId, string Reason, DateTimeOffset FailedAt) : ICampaignEvent;

/// <summary>Every recipient has been sent to or has failed.</summary>
/// <param name="CampaignId">Campaign.</param>
/// <param name="CompletedAt">Time.</param>
public sealed record CampaignCompleted(Guid CampaignId, DateTimeOffset CompletedAt) : ICampaignEvent;

/// <summary>Campaign aggregate (also stored as an inline snapshot, the campaign read model).</summary>
/// <param name="Id">Campaign id.</param>
/// <param name="Version">Stream version.</param>
/// <param name="Name">Name.</param>
/// <param name="Channel">Channel.</param>
/// <param name="Subject">E-mail subject or null.</param>
/// <param name="Template">Body template.</param>
/// <param name="Audience">Audience filter.</param>
/// <param name="Status">draft, running or completed.</param>
/// <param name="Recipients">Audience snapshot (empty before launch).</param>
/// <param name="Sent">Recipients sent to.</param>
/// <param name="Failed">Recipients that failed.</param>
public sealed record Campaign(Guid Id, int Version, string Name, CampaignChannel Channel, string? Subject, string Template,
    AudienceFilter Audience, string Status, IReadOnlyList<Guid> Recipients, IReadOnlyList<Guid> Sent, IReadOnlyList<Guid> Failed)
{
    /// <summary>Draft from its creation.</summary>
    public static Campaign Create(CampaignCreated e) =>
        new(e.CampaignId, 1, e.Name, e.Channel, e.Subject, e.Template, e.Audience, "draft", [], [], []);

    /// <summary>New draft values.</summary>
    public Campaign Apply(CampaignUpdated e) =>
        this with { Name = e.Name, Channel = e.Channel, Subject = e.Subject, Template = e.Template, Audience = e.Audience };

    /// <summary>Running with the audience snapshot.</summary>
    public Campaign Apply(CampaignLaunched e) => this with { Status = "running", Recipients = e.RecipientIds };

    /// <summary>One more sent.</summary>
    public Campaign Apply(CampaignMessageSent e) => this with { Sent = [.. Sent, e.PatientId] };

    /// <summary>One more failed.</summary>
    public Campaign Apply(CampaignMessageFailed e) => this with { Failed = [.. Failed, e.PatientId] };

    /// <summary>Completed.</summary>
    public Campaign Apply(CampaignCompleted e) => this with { Status = "completed" };

    /// <summary>Whether the recipient has already been handled (sent or failed): the send handler's idempotency check.</summary>
    public bool Handled(Guid patientId) => Sent.Contains(patientId) || Failed.Contains(patientId);

    /// <summary>Fills <c>{firstName}</c> and <c>{fullName}</c> in <paramref name="template"/>.</summary>
    public static string Render(string template, string fullName)
    {
        var first = fullName.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        return template.Replace("{firstName}", first).Replace("{fullName}", fullName);
    }
}
