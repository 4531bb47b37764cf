using ChiroClick.Domain.Leads;

namespace ChiroClick.Api.Leads;

/// <summary>
/// Body of <c>PUT /api/v1/crm/leads/{id}</c>. <c>expectedVersion</c> (the version last read) is required;
/// a stale version → 409. Detail fields left out keep their value (an empty string clears phone, e-mail
/// or complaint); <c>stage</c> moves the lead (<c>reason</c> required for lost).
/// </summary>
public sealed record UpdateLead(
    int? ExpectedVersion,
    string? FullName = null,
    string? Phone = null,
    string? Email = null,
    LeadSource? Source = null,
    string? Complaint = null,
    bool? MarketingConsent = null,
    LeadStage? Stage = null,
    string? Reason = null);

/// <summary>Answer to an update: the lead's new version, stage and score.</summary>
public sealed record LeadUpdated(Guid Id, int Version, LeadStage Stage, int Score, int EventsAppended);

/// <summary>Updates a lead's details and/or moves its stage, as one atomic append.</summary>
public static class UpdateLeadEndpoint
{
    /// <summary>400 for a missing version or malformed details.</summary>
    public static ProblemDetails Validate(UpdateLead command)
    {
        var errors = new Dictionary<string, string[]>();
        if (command.ExpectedVersion is null or < 1) errors.Add("expectedVersion", "expectedVersion (the version you last read, ≥ 1) is required.");
        if (command.FullName is not null && string.IsNullOrWhiteSpace(command.FullName)) errors.Add("fullName", "fullName cannot be blank.");
        LeadInput.CheckContact(errors, command.FullName ?? "unchanged", command.Phone, command.Email, command.Complaint);
        return Problems.Validation(errors);
    }

    /// <summary>Decides and appends.</summary>
    [WolverinePut("/api/v1/crm/leads/{id:guid}", OperationId = "updateLead", Summary = "Update a lead's details or move its stage")]
    [ChiroClick.Api.Common.BusinessRuleResponse]
    [ProducesResponseType<LeadUpdated>(200)]
    public static (IResult, Events) Put(UpdateLead command, [WriteAggregate] Lead lead)
    {
        // Marten also re-checks the version it loaded at commit, so a concurrent writer still gets 409.
        if (lead.Version != command.ExpectedVersion) return (Problems.StaleVersion(lead.Version, command.ExpectedVersion), new Events());
        var decision = LeadDecisions.Update(lead, DetailsOf(command, lead), command.Stage, command.Reason);
        if (decision.Error is { } error) return (Problems.From(error), new Events());

        var after = lead.Replayed(decision.Events);
        var events = new Events();
        events.AddRange(decision.Events);
        return (Results.Ok(new LeadUpdated(lead.Id, lead.Version + events.Count, after.Stage, after.Score, events.Count)), events);
    }

    // Fields left out keep the current value; an empty string clears an optional field.
    private static LeadDetails? DetailsOf(UpdateLead c, Lead lead)
    {
        if (c is { FullName: null, Phone: null, Email: null, Source: null, Complaint: null, MarketingConsent: null }) return null;
        return new LeadDetails(
            c.FullName ?? lead.FullName,
            c.Phone is null ? lead.Phone : LeadInput.Phone(c.Phone),
            c.Email is null ? lead.Email : LeadInput.Email(c.Email),
            c.Source ?? lead.Source,
            c.Complaint is null ? lead.Complaint : string.IsNullOrWhiteSpace(c.Complaint) ? null : c.Complaint,
            c.MarketingConsent ?? lead.MarketingConsent);
    }
}
