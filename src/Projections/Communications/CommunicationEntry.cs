using ChiroClick.Domain.Communications;

namespace ChiroClick.Projections.Communications;

/// <summary>One logged communication (inline read model for the communication history).</summary>
public sealed class CommunicationEntry
{
    /// <summary>Communication id.</summary>
    public Guid Id { get; set; }
    /// <summary>Patient or null.</summary>
    public Guid? PatientId { get; set; }
    /// <summary>Lead or null.</summary>
    public Guid? LeadId { get; set; }
    /// <summary>Channel.</summary>
    public CommunicationChannel Channel { get; set; }
    /// <summary>Direction.</summary>
    public CommunicationDirection Direction { get; set; }
    /// <summary>Subject.</summary>
    public string Subject { get; set; } = "";
    /// <summary>Body or null.</summary>
    public string? Body { get; set; }
    /// <summary>Template id or null.</summary>
    public string? TemplateId { get; set; }
    /// <summary>Campaign id or null.</summary>
    public Guid? CampaignId { get; set; }
    /// <summary>When it happened (business time).</summary>
    public DateTimeOffset OccurredAt { get; set; }
    /// <summary>Who logged it (the event's user name).</summary>
    public string? LoggedBy { get; set; }
}

/// <summary>Inline projection building <see cref="CommunicationEntry"/>.</summary>
public sealed class CommunicationEntryProjection : SingleStreamProjection<CommunicationEntry, Guid>
{
    /// <summary>Creates the entry.</summary>
    public static CommunicationEntry Create(IEvent<CommunicationLogged> e) => new()
    {
        Id = e.Data.CommunicationId,
        PatientId = e.Data.PatientId,
        LeadId = e.Data.LeadId,
        Channel = e.Data.Channel,
        Direction = e.Data.Direction,
        Subject = e.Data.Subject,
        Body = e.Data.Body,
        TemplateId = e.Data.TemplateId,
        CampaignId = e.Data.CampaignId,
        OccurredAt = e.Data.OccurredAt,
        LoggedBy = e.UserName,
    };
}
