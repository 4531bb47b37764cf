using ChiroClick.Api.Access;
using ChiroClick.Domain.Clinics;

namespace ChiroClick.Api.Patients;

/// <summary>
/// Who may call the patient routes: clinicians and the front desk (contact data; the fødselsnummer is masked for
/// them by <see cref="NationalIdentityNumberMasking"/>); visits are clinical, clinicians only.
/// </summary>
public sealed class PatientsAccess : FeatureAccess
{
    /// <summary>Declares the groups.</summary>
    public PatientsAccess()
    {
        Group("Patients", [KeyRole.Clinician, KeyRole.FrontDesk], "/api/v1/patients", "/api/v1/patients/{id}");
        Group("Visits", [KeyRole.Clinician], "/api/v1/patients/{id}/visits");
    }
}
