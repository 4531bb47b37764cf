namespace ChiroClick.Domain.Communications;

/// <summary>Channel of a communication.</summary>
public enum CommunicationChannel
{
    /// <summary>Text message.</summary>
    Sms,
    /// <summary>E-mail.</summary>
    Email,
    /// <summary>Phone call.</summary>
    Phone,
    /// <summary>Paper letter.</summary>
    Letter,
}

/// <summary>Who started the communication.</summary>
public enum CommunicationDirection
{
    /// <summary>From the patient or lead to the clinic.</summary>
    Inbound,
    /// <summary>From the clinic.</summary>
    Outbound,
}

/// <summary>A message or call to or from a patient or lead was logged. One stream per communication.</summary>
/// <param name="CommunicationId">Stream id.</param>
/// <param name="PatientId">Patient concerned, or null.</param>
/// <param name="LeadId">Lead concerned, or null.</param>
/// <param name="Channel">sms, email, phone or letter.</param>
/// <param name="Direction">inbound or outbound.</param>
/// <param name="Subject">Subject or short summary.</param>
/// <param name="Body">Content or call notes, or null.</param>
/// <param name="TemplateId">Template used, if any.</param>
/// <param name="CampaignId">Campaign it belonged to, if any.</param>
/// <param name="OccurredAt">When it happened (business time; filters use it).</param>
public sealed record CommunicationLogged(
    Guid CommunicationId,
    Guid? PatientId,
    Guid? LeadId,
    CommunicationChannel Channel,
    CommunicationDirection Direction,
    string Subject,
    string? Body,
    string? TemplateId,
    Guid? CampaignId,
    DateTimeOffset OccurredAt);
