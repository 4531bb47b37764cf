using System.Security.Claims;
using ChiroClick.Api.Audit;

namespace ChiroClick.Api.Assistant.Retrieval;

/// <summary>
/// What one search may see: always only the clinic <paramref name="Tenant"/>; clinical sources (visit notes, consultations,
/// call transcripts) only when <paramref name="IncludeClinical"/>; with <paramref name="PatientId"/> only that patient's
/// sources and the clinic's documents (which belong to no patient).
/// </summary>
/// <param name="Tenant">The key's clinic id.</param>
/// <param name="IncludeClinical">True for roles clinician and admin.</param>
/// <param name="PatientId">Patient filter, or null.</param>
public sealed record RetrievalScope(string Tenant, bool IncludeClinical, Guid? PatientId)
{
    /// <summary>Roles that may read clinical sources.</summary>
    public static readonly IReadOnlySet<string> ClinicalRoles = new HashSet<string>(["admin", "clinician"]);

    /// <summary>The scope of a request by <paramref name="user"/> in <paramref name="tenant"/>.</summary>
    public static RetrievalScope For(ClaimsPrincipal user, string tenant, Guid? patientId) =>
        new(tenant, ClinicalRoles.Contains(RecordAccessLog.RoleOf(user)), patientId);

    /// <summary>True when a chunk of this kind and patient is inside the scope.</summary>
    public bool Allows(bool clinical, Guid? patientId) =>
        (IncludeClinical || !clinical) && (PatientId is null || patientId is null || patientId == PatientId);
}
