using ChiroClick.Domain.Campaigns;
using ChiroClick.Domain.Patients;
using ChiroClick.Projections.Patients;
using Wolverine.Persistence;

namespace ChiroClick.Api.Campaigns;

/// <summary>Body of <c>POST /api/v1/crm/campaigns/{id}/optout</c>: the recipient who unsubscribes.</summary>
public sealed record CampaignOptOut(Guid? PatientId);

/// <summary><c>POST /api/v1/crm/campaigns/{id}/optout</c>: a recipient withdraws the consent the campaign required (marketing by default) on its channel.</summary>
public static class CampaignOptOutEndpoint
{
    /// <summary>400 without patientId.</summary>
    public static ProblemDetails Validate(CampaignOptOut c)
    {
        var errors = new Dictionary<string, string[]>();
        if (c.PatientId is null) errors.Add("patientId", "patientId is required.");
        return Problems.Validation(errors);
    }

    /// <summary>
    /// Appends ConsentWithdrawn (see <see cref="OptOutDecision"/>) to the patient's stream when the consent is
    /// still given (200 either way: repeating an opt-out changes nothing). 404 for an unknown campaign or patient, 409 when
    /// the patient was not a recipient of the campaign.
    /// </summary>
    [WolverinePost("/api/v1/crm/campaigns/{id:guid}/optout", OperationId = "optOutOfCampaign", Summary = "Record a patient's opt-out from a campaign's messages")]
    public static async Task<IResult> OptOut(CampaignOptOut c, [Entity] Campaign campaign, IDocumentSession session, TimeProvider clock,
        CancellationToken ct)
    {
        if (await session.LoadAsync<PatientSummary>(c.PatientId!.Value, ct) is not { } patient)
            return Results.Problem(statusCode: 404, title: "Unknown patient", detail: $"No patient {c.PatientId}.",
                type: "https://www.rfc-editor.org/rfc/rfc9110#status.404");
        if (await OptOutDecision.WithdrawAsync(session, campaign, patient.Id, clock.GetUtcNow(), ct) is not { } result)
            return Results.Problem(statusCode: 409, title: "Not a recipient", detail: $"Patient {patient.Id} did not receive campaign {campaign.Id}.",
                type: "https://www.rfc-editor.org/rfc/rfc9110#status.409");
        return Results.Ok(result);
    }
}

/// <summary>Outcome of an opt-out: the consent concerned and whether it was withdrawn now (false = it was not given).</summary>
public sealed record OptOutResult(Guid PatientId, ConsentChannel Channel, ConsentPurpose Purpose, bool Withdrawn);

/// <summary>The opt-out decision shared by the staff endpoint and the public link.</summary>
public static class OptOutDecision
{
    /// <summary>
    /// Appends ConsentWithdrawn(the campaign's channel, its required consent — marketing unless the audience says otherwise,
    /// campaign id) to the patient's stream, with the patient's
    /// version as the expected version, when that consent is still given. Null when the patient was not a recipient of the
    /// campaign (or is unknown). The caller saves the session.
    /// </summary>
    public static async Task<OptOutResult?> WithdrawAsync(IDocumentSession session, Campaign campaign, Guid patientId, DateTimeOffset now,
        CancellationToken ct)
    {
        if (!campaign.Recipients.Contains(patientId)) return null;
        var stream = await session.Events.FetchForWriting<Patient>(patientId, ct);
        if (stream.Aggregate is not { } patient) return null;
        var channel = campaign.Channel == CampaignChannel.Email ? ConsentChannel.Email : ConsentChannel.Sms;
        var purpose = campaign.RequiredConsent;
        var withdrawn = PatientDecisions.WithdrawConsent(patient, channel, purpose, campaign.Id, now);
        stream.AppendMany(withdrawn);
        return new OptOutResult(patient.Id, channel, purpose, withdrawn.Count > 0);
    }
}
