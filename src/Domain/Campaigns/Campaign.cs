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
/// <param name="Consent">The consent required on the campaign's channel: <c>marketing</c> (default: newsletters, offers) or
/// <c>care</c> (practical notices such as a changed address or opening hours) or <c>surveys</c>. Ignored by workflow schedule
/// triggers, whose steps check their own consent.</param>
public sealed record AudienceFilter(IReadOnlyList<LifecycleStage>? Stages = null, DateTimeOffset? LastVisitBefore = null,
    DateTimeOffset? LastVisitAfter = null, ConsentPurpose? Consent = null);

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

/// <summary>A draft (or already scheduled) campaign will launch by itself at <paramref name="At"/>; a later CampaignScheduled replaces it.</summary>
/// <param name="CampaignId">Campaign.</param>
/// <param name="At">Launch time (UTC).</param>
public sealed record CampaignScheduled(Guid CampaignId, DateTimeOffset At) : ICampaignEvent;

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

/// <summary>
/// The recipient's server or provider took the message: for e-mail, the configured SMTP server accepted it (250 after DATA);
/// for SMS, the provider's delivery report (<c>POST /api/v1/crm/campaigns/{id}/events</c>).
/// </summary>
/// <param name="CampaignId">Campaign.</param>
/// <param name="PatientId">Recipient.</param>
/// <param name="DeliveredAt">When.</param>
public sealed record CampaignMessageDelivered(Guid CampaignId, Guid PatientId, DateTimeOffset DeliveredAt) : ICampaignEvent;

/// <summary>The recipient opened the message (reported by the e-mail provider's webhook).</summary>
/// <param name="CampaignId">Campaign.</param>
/// <param name="PatientId">Recipient.</param>
/// <param name="OpenedAt">When.</param>
public sealed record CampaignMessageOpened(Guid CampaignId, Guid PatientId, DateTimeOffset OpenedAt) : ICampaignEvent;

/// <summary>The recipient followed a link in the message (reported by the provider's webhook).</summary>
/// <param name="CampaignId">Campaign.</param>
/// <param name="PatientId">Recipient.</param>
/// <param name="Url">The link, when reported.</param>
/// <param name="ClickedAt">When.</param>
public sealed record CampaignMessageClicked(Guid CampaignId, Guid PatientId, string? Url, DateTimeOffset ClickedAt) : ICampaignEvent;

/// <summary>The message could not be sent to one recipient (no address, consent withdrawn since launch, ...) or bounced after sending.</summary>
/// <param name="CampaignId">Campaign.</param>
/// <param name="PatientId">Recipient.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="FailedAt">Time.</param>
public sealed record CampaignMessageFailed(Guid CampaignId, Guid PatientId, string Reason, DateTimeOffset FailedAt) : ICampaignEvent;

/// <summary>Every recipient has been sent to or has failed.</summary>
/// <param name="CampaignId">Campaign.</param>
/// <param name="CompletedAt">Time.</param>
public sealed record CampaignCompleted(Guid CampaignId, DateTimeOffset CompletedAt) : ICampaignEvent;

/// <summary>Where a campaign stands (draft → scheduled → launched → completed). Serialised snake_case.</summary>
public enum CampaignStatus
{
    /// <summary>Created, still editable.</summary>
    Draft,
    /// <summary>Launches by itself at its scheduled time; still editable.</summary>
    Scheduled,
    /// <summary>Sending to its audience snapshot.</summary>
    Launched,
    /// <summary>Every recipient handled.</summary>
    Completed,
}

/// <summary>Campaign aggregate (also stored as an inline snapshot, the campaign read model).</summary>
/// <param name="Id">Campaign id.</param>
/// <param name="Version">Stream version.</param>
/// <param name="Name">Name.</param>
/// <param name="Channel">Channel.</param>
/// <param name="Subject">E-mail subject or null.</param>
/// <param name="Template">Body template.</param>
/// <param name="Audience">Audience filter.</param>
/// <param name="Status">draft, scheduled, launched (sending) or completed (DESIGN.md: draft → scheduled → launched → completed).</param>
/// <param name="Recipients">Audience snapshot (empty before launch).</param>
/// <param name="Sent">Recipients sent to.</param>
/// <param name="Failed">Recipients that failed.</param>
public sealed record Campaign(Guid Id, int Version, string Name, CampaignChannel Channel, string? Subject, string Template,
    AudienceFilter Audience, CampaignStatus Status, IReadOnlyList<Guid> Recipients, IReadOnlyList<Guid> Sent, IReadOnlyList<Guid> Failed)
{
    /// <summary>When a scheduled campaign launches by itself (null unless scheduled).</summary>
    public DateTimeOffset? ScheduledAt { get; init; }

    /// <summary>Recipients whose message was delivered (distinct).</summary>
    public IReadOnlyList<Guid> Delivered { get; init; } = [];

    /// <summary>Recipients who opened it (distinct).</summary>
    public IReadOnlyList<Guid> Opened { get; init; } = [];

    /// <summary>Recipients who clicked a link (distinct).</summary>
    public IReadOnlyList<Guid> Clicked { get; init; } = [];

    /// <summary>The consent purpose each recipient needs on the campaign's channel (<see cref="AudienceFilter.Consent"/>, default marketing).</summary>
    public ConsentPurpose RequiredConsent => Audience.Consent ?? ConsentPurpose.Marketing;

    /// <summary>Whether the campaign can still change, be scheduled or be launched (draft or scheduled).</summary>
    public bool NotLaunched => Status is CampaignStatus.Draft or CampaignStatus.Scheduled;

    /// <summary>Draft from its creation.</summary>
    public static Campaign Create(CampaignCreated e) =>
        new(e.CampaignId, 1, e.Name, e.Channel, e.Subject, e.Template, e.Audience, CampaignStatus.Draft, [], [], []);

    /// <summary>New draft values.</summary>
    public Campaign Apply(CampaignUpdated e) =>
        this with { Name = e.Name, Channel = e.Channel, Subject = e.Subject, Template = e.Template, Audience = e.Audience };

    /// <summary>Scheduled for <see cref="CampaignScheduled.At"/>.</summary>
    public Campaign Apply(CampaignScheduled e) => this with { Status = CampaignStatus.Scheduled, ScheduledAt = e.At };

    /// <summary>Running with the audience snapshot.</summary>
    public Campaign Apply(CampaignLaunched e) => this with { Status = CampaignStatus.Launched, Recipients = e.RecipientIds, ScheduledAt = null };

    /// <summary>One more delivered.</summary>
    public Campaign Apply(CampaignMessageDelivered e) => Delivered.Contains(e.PatientId) ? this : this with { Delivered = [.. Delivered, e.PatientId] };

    /// <summary>One more opened.</summary>
    public Campaign Apply(CampaignMessageOpened e) => Opened.Contains(e.PatientId) ? this : this with { Opened = [.. Opened, e.PatientId] };

    /// <summary>One more clicked.</summary>
    public Campaign Apply(CampaignMessageClicked e) => Clicked.Contains(e.PatientId) ? this : this with { Clicked = [.. Clicked, e.PatientId] };

    /// <summary>One more sent.</summary>
    public Campaign Apply(CampaignMessageSent e) => this with { Sent = [.. Sent, e.PatientId] };

    /// <summary>One more failed (a bounce after sending also counts here and leaves the delivered set).</summary>
    public Campaign Apply(CampaignMessageFailed e) => Failed.Contains(e.PatientId)
        ? this
        : this with { Failed = [.. Failed, e.PatientId], Delivered = [.. Delivered.Where(x => x != e.PatientId)] };

    /// <summary>Completed.</summary>
    public Campaign Apply(CampaignCompleted e) => this with { Status = CampaignStatus.Completed };

    /// <summary>Recipients handled so far (sent or failed, each once: a bounce after sending is in both lists).</summary>
    public int HandledCount => Sent.Union(Failed).Count();

    /// <summary>Whether the recipient has already been handled (sent or failed): the send handler's idempotency check.</summary>
    public bool Handled(Guid patientId) => Sent.Contains(patientId) || Failed.Contains(patientId);
}
