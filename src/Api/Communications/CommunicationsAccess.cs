using ChiroClick.Api.Access;
using ChiroClick.Domain.Clinics;

namespace ChiroClick.Api.Communications;

/// <summary>Who may call the communication log: everyone who talks to patients.</summary>
public sealed class CommunicationsAccess : FeatureAccess
{
    /// <summary>Declares the groups.</summary>
    public CommunicationsAccess() =>
        Group("Communications", [KeyRole.Clinician, KeyRole.FrontDesk, KeyRole.Marketing], "/api/v1/crm/communications");
}
