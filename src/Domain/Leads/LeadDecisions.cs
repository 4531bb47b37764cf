using ChiroClick.Domain.Common;
using ChiroClick.Domain.Patients;

namespace ChiroClick.Domain.Leads;

/// <summary>
/// Pure decisions for leads: given the current <see cref="Lead"/> and a command, the events to append
/// or the reason to refuse. No I/O, no clock.
/// </summary>
public static class LeadDecisions
{
    /// <summary>Captures a new lead and scores it.</summary>
    public static IReadOnlyList<object> Capture(Guid leadId, string fullName, string? phone, string? email,
        LeadSource source, string? complaint, bool marketingConsent, Guid? referredByPatientId)
    {
        var captured = new LeadCaptured(leadId, fullName.Trim(), phone, email, source, complaint?.Trim(),
            marketingConsent, referredByPatientId);
        var (score, reasons) = LeadScoring.Score(source, phone, email, captured.Complaint, marketingConsent, LeadStage.New);
        return [captured, new LeadScored(leadId, score, reasons)];
    }

    /// <summary>
    /// Updates details (when any differ) and rescores. Refused for converted or lost leads: their
    /// record is closed and lives on in the patient record.
    /// </summary>
    public static Decision UpdateDetails(Lead lead, string fullName, string? phone, string? email,
        LeadSource source, string? complaint, bool marketingConsent)
    {
        if (lead.Stage.IsTerminal())
            return DomainError.Rule($"Lead is {Wire(lead.Stage)}; its details can no longer change.");

        var updated = new LeadDetailsUpdated(lead.Id, fullName.Trim(), phone, email, source, complaint?.Trim(), marketingConsent);
        var unchanged = updated.FullName == lead.FullName && phone == lead.Phone && email == lead.Email &&
                        source == lead.Source && updated.Complaint == lead.Complaint && marketingConsent == lead.MarketingConsent;
        if (unchanged) return Decision.Append();
        return Decision.Append([updated, .. Rescore(lead.Apply(updated))]);
    }

    /// <summary>
    /// Moves the lead between open stages (new, contacted, consultation_booked, in any direction) or to
    /// lost (a reason is required). Moves out of converted or lost are refused (422); moving to converted
    /// goes through <see cref="Convert"/> because it registers the patient. A move to the current stage
    /// appends nothing.
    /// </summary>
    public static Decision ChangeStage(Lead lead, LeadStage to, string? reason)
    {
        if (lead.Stage == to) return Decision.Append();
        if (lead.Stage.IsTerminal())
            return DomainError.Rule($"Lead is {Wire(lead.Stage)}; no move out of converted or lost is allowed.");
        if (to == LeadStage.Converted)
            return DomainError.Rule("Use POST /api/v1/crm/leads/{id}/convert to convert a lead: it registers the patient.");
        if (to == LeadStage.Lost)
        {
            if (string.IsNullOrWhiteSpace(reason))
                return DomainError.Invalid("A reason is required to move a lead to lost.");
            var lost = reason.Trim();
            var moved = new LeadStageChanged(lead.Id, lead.Stage, LeadStage.Lost, lost);
            return Decision.Append([moved, new LeadLost(lead.Id, lost), .. Rescore(lead.Apply(moved))]);
        }

        var change = new LeadStageChanged(lead.Id, lead.Stage, to, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim());
        return Decision.Append([change, .. Rescore(lead.Apply(change))]);
    }

    /// <summary>
    /// One update request: new details (null = leave the details alone) and/or a stage move (null = stay).
    /// Details are applied first, then the move; refused as a whole when either part is refused.
    /// </summary>
    public static Decision Update(Lead lead, LeadDetails? details, LeadStage? stage, string? reason)
    {
        var events = new List<object>();
        var current = lead;
        if (details is not null)
        {
            var changed = UpdateDetails(current, details.FullName, details.Phone, details.Email, details.Source,
                details.Complaint, details.MarketingConsent);
            if (changed.Error is { } error) return error;
            events.AddRange(changed.Events);
            current = current.Replayed(changed.Events);
        }
        if (stage is { } to)
        {
            var moved = ChangeStage(current, to, reason);
            if (moved.Error is { } error) return error;
            events.AddRange(moved.Events);
        }
        return Decision.Append([.. events]);
    }

    /// <summary>
    /// Converts an open lead: the lead stream gets LeadStageChanged(→ converted), LeadConverted and a
    /// final score; the returned <c>PatientRegistered</c> starts the new patient stream. Both are
    /// appended in one transaction by the caller.
    /// </summary>
    public static (Decision LeadEvents, PatientRegistered? Patient) Convert(Lead lead, Guid patientId, DateOnly? birthDate,
        string? nationalIdentityNumber, string? reason)
    {
        if (lead.Stage.IsTerminal())
            return (DomainError.Rule($"Lead is already {Wire(lead.Stage)}."), null);

        var moved = new LeadStageChanged(lead.Id, lead.Stage, LeadStage.Converted, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim());
        var patient = new PatientRegistered(patientId, lead.FullName, birthDate, nationalIdentityNumber, lead.Phone,
            lead.Email, null, lead.MarketingConsent ? [new ConsentGrant(ConsentChannel.Sms, ConsentPurpose.Marketing), new ConsentGrant(ConsentChannel.Email, ConsentPurpose.Marketing)] : [],
            lead.Id, null);
        return (Decision.Append([moved, new LeadConverted(lead.Id, patientId), .. Rescore(lead.Apply(moved))]), patient);
    }

    private static IEnumerable<object> Rescore(Lead lead)
    {
        var (score, reasons) = LeadScoring.Score(lead);
        if (score != lead.Score) yield return new LeadScored(lead.Id, score, reasons);
    }

    /// <summary>The wire (snake_case) name of a stage, for messages.</summary>
    public static string Wire(LeadStage stage) => WireName.Of(stage);
}

/// <summary>A lead's full set of contact details, as an update wants them to be.</summary>
public sealed record LeadDetails(string FullName, string? Phone, string? Email, LeadSource Source, string? Complaint, bool MarketingConsent);
