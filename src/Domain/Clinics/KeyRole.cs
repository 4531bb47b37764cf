namespace ChiroClick.Domain.Clinics;

/// <summary>
/// The one role an API key carries (snake_case on the wire and in stored events: <c>front_desk</c>).
/// What each role may call is declared per feature in the API (see README, "Roles").
/// </summary>
public enum KeyRole
{
    /// <summary>Everything, including keys and settings. Keys issued before roles existed act as admin.</summary>
    Admin,
    /// <summary>Patients with fødselsnummer, visits, AI suggestions and decisions, tasks, lifecycle, referrals, waitlist, communications.</summary>
    Clinician,
    /// <summary>Leads, patients' contact data, waitlist, communications, tasks.</summary>
    FrontDesk,
    /// <summary>Campaigns, workflows, surveys and NPS, communications; no clinical data.</summary>
    Marketing,
    /// <summary>Aggregates only (pipeline, lifecycle stats, retention, NPS stats, referral stats, AI metrics, overview).</summary>
    Analyst,
    /// <summary>Read-only: every GET, including the audit routes.</summary>
    Auditor,
    /// <summary>The anonymised training export only.</summary>
    Exporter,
    /// <summary>The provider callbacks only (inbound SMS, delivery reports, the phone system's call events).</summary>
    Integration,
}
