using ChiroClick.Domain.Leads;
using ChiroClick.Domain.Referrals;
using ChiroClick.Projections.Leads;
using ChiroClick.Projections.Patients;
using ChiroClick.Projections.Referrals;

namespace ChiroClick.Api.Referrals;

/// <summary>Body of <c>POST /api/v1/crm/referrals</c>: the referring patient and the referred lead or patient (exactly one).</summary>
public sealed record RecordReferral(Guid? ReferringPatientId, Guid? ReferredLeadId = null, Guid? ReferredPatientId = null, string? Note = null);

/// <summary>Answer to a recorded referral (201).</summary>
public sealed record ReferralCreated(Guid Id, string Url, bool Converted) : CreationResponse(Url);

/// <summary>
/// <c>POST /api/v1/crm/referrals</c>: ReferralRecorded; 404 when the referring patient or the referred lead/patient
/// is unknown; 409 when the lead already has a referral (e.g. recorded from its referredByPatientId).
/// </summary>
public static class RecordReferralEndpoint
{
    /// <summary>400 without a referrer or without exactly one referred party.</summary>
    public static ProblemDetails Validate(RecordReferral c)
    {
        var errors = new Dictionary<string, string[]>();
        if (c.ReferringPatientId is null) errors.Add("referringPatientId", "referringPatientId is required.");
        if ((c.ReferredLeadId is null) == (c.ReferredPatientId is null))
            errors.Add("referredLeadId", "Give exactly one of referredLeadId and referredPatientId.");
        if (c.ReferredPatientId is { } p && p == c.ReferringPatientId) errors.Add("referredPatientId", "A patient cannot refer themselves.");
        return Problems.Validation(errors);
    }

    /// <summary>Checks the parties exist in this clinic, then decides and starts the referral stream.</summary>
    [WolverinePost("/api/v1/crm/referrals", OperationId = "recordReferral", Summary = "Record that a patient referred a lead or patient")]
    [ProducesResponseType<ReferralCreated>(201)]
    public static async Task<(IResult, IStartStream?)> Post(RecordReferral c, IQuerySession session, CancellationToken ct)
    {
        if (await session.LoadAsync<PatientSummary>(c.ReferringPatientId!.Value, ct) is null) return (NotFound($"No patient {c.ReferringPatientId} in this clinic."), null);
        if (c.ReferredPatientId is { } rp && await session.LoadAsync<PatientSummary>(rp, ct) is null) return (NotFound($"No patient {rp} in this clinic."), null);
        var lead = c.ReferredLeadId is { } rl ? await session.LoadAsync<LeadSummary>(rl, ct) : null;
        if (c.ReferredLeadId is { } missing && lead is null) return (NotFound($"No lead {missing} in this clinic."), null);
        var referred = lead is not null && await session.Query<ReferralSummary>().AnyAsync(x => x.ReferredLeadId == lead.Id, ct);

        var id = Guid.CreateVersion7();
        var decision = ReferralDecisions.Record(id, c.ReferringPatientId.Value, c.ReferredLeadId, c.ReferredPatientId, c.Note, referred,
            lead is { Stage: LeadStage.Converted } ? lead.PatientId : null);
        if (decision.Error is { } error) return (Problems.FromUntyped(error), null);
        var url = $"/api/v1/crm/referrals/{id}";
        var converted = ((ReferralRecorded)decision.Events[0]).ReferredPatientId is not null;
        return (Results.Created(url, new ReferralCreated(id, url, converted)), MartenOps.StartStream<Referral>(id, [.. decision.Events]));
    }

    private static IResult NotFound(string detail) => Results.Problem(statusCode: 404, title: "Not found", detail: detail);
}
