using ChiroClick.Domain.Referrals;

namespace ChiroClick.Api.Referrals;

/// <summary>
/// Body of <c>PUT /api/v1/crm/referrals/{id}</c>: <c>reward</c> records ReferralRewarded (only for a converted,
/// not yet rewarded referral, else 422); <c>referredPatientId</c> marks the conversion by hand.
/// </summary>
public sealed record UpdateReferral(string? Reward = null, Guid? ReferredPatientId = null);

/// <summary><c>PUT /api/v1/crm/referrals/{id}</c>.</summary>
public static class UpdateReferralEndpoint
{
    /// <summary>400 when nothing is asked.</summary>
    public static ProblemDetails Validate(UpdateReferral c) =>
        Problems.Validation(string.IsNullOrWhiteSpace(c.Reward) && c.ReferredPatientId is null
            ? new() { ["reward"] = ["Give a reward or a referredPatientId."] }
            : new());

    /// <summary>Decides and appends; 404 for an unknown referral.</summary>
    [WolverinePut("/api/v1/crm/referrals/{id:guid}", OperationId = "updateReferral", Summary = "Mark a referral converted or rewarded")]
    [ChiroClick.Api.Common.BusinessRuleResponse]
    public static (IResult, Events) Put(UpdateReferral c, [WriteAggregate] Referral referral, TimeProvider clock)
    {
        var decision = ReferralDecisions.Update(referral, c.Reward, c.ReferredPatientId, clock.GetUtcNow());
        if (decision.Error is { } error) return (Problems.From(error), new Events());
        var events = new Events();
        events.AddRange(decision.Events);
        return (Results.Ok(new { id = referral.Id, version = referral.Version + events.Count, eventsAppended = events.Count }), events);
    }
}
