namespace ChiroClick.Domain.Communications;

/// <summary>
/// The communication aggregate (stream id = communication id): one logged call, message or letter. Its stream holds
/// <see cref="CommunicationLogged"/> only; the read model is <c>CommunicationEntry</c>. Rebuilt live (source-generated
/// Create), no snapshot document.
/// </summary>
/// <param name="Id">Communication id.</param>
/// <param name="PatientId">Patient concerned, or null.</param>
/// <param name="LeadId">Lead concerned, or null.</param>
/// <param name="Channel">Channel.</param>
/// <param name="Direction">Direction.</param>
/// <param name="OccurredAt">When it happened (business time).</param>
public sealed record Communication(Guid Id, Guid? PatientId, Guid? LeadId, CommunicationChannel Channel, CommunicationDirection Direction,
    DateTimeOffset OccurredAt)
{
    /// <summary>Stream version; set by Marten.</summary>
    public int Version { get; init; }

    /// <summary>Starts the aggregate.</summary>
    public static Communication Create(CommunicationLogged e) => new(e.CommunicationId, e.PatientId, e.LeadId, e.Channel, e.Direction, e.OccurredAt);
}
