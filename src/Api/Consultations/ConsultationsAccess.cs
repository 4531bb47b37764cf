using ChiroClick.Api.Access;
using ChiroClick.Domain.Clinics;

namespace ChiroClick.Api.Consultations;

/// <summary>Who may call the consultation routes: clinicians (transcripts are clinical records); admin always, auditor reads.</summary>
public sealed class ConsultationsAccess : FeatureAccess
{
    /// <summary>Declares the group.</summary>
    public ConsultationsAccess()
    {
        Group("Consultations", [KeyRole.Clinician],
            "/api/v1/consultations", "/api/v1/consultations/{id}", "/api/v1/consultations/{id}/extract");
    }
}
