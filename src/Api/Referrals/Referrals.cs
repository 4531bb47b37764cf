using ChiroClick.Api.Common;
using ChiroClick.Domain.Common;
using ChiroClick.Domain.Leads;
using ChiroClick.Domain.Patients;
using ChiroClick.Domain.Referrals;
using ChiroClick.Projections.Leads;
using ChiroClick.Projections.Patients;
using ChiroClick.Projections.Referrals;
using JasperFx.Events;
using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;
using ChiroClick.Api.Retention;

namespace ChiroClick.Api.Referrals;

/// <summary>Body of <c>POST /api/v1/crm/referrals</c>: the referring patient and the referred lead or patient (exactly one).</summary>
public sealed record RecordReferral(Guid? ReferringPatientId, Guid? ReferredLeadId = null, Guid? ReferredPatientId = null, string? Note = null);

/// <summary>Answer to a recorded referral (201).</summary>
public sealed record ReferralCreated(Guid Id, string Url, bool Converted) : CreationResponse(Url);

/// <summary>
/// Body of <c>PUT /api/v1/crm/referrals/{id}</c>: <c>reward</c> records ReferralRewarded (only for a converted,
/// not yet rewarded referral, else 422); <c>referredPatientId</c> marks the conversion by hand.
/// </summary>
public sealed record UpdateReferral(string? Reward = null, Guid? ReferredPatientId = null);

/// <summary>Referral figures of one referring patient.</summary>
/// <param name="ReferringPatientId">The referrer.</param>
/// <param name="Referrals">Referrals made.</param>
/// <param name="Converted">Of them, converted.</param>
/// <param name="ConversionRate">Converted ÷ referrals, 0..1 (4 decimals).</param>
/// <param name="RewardsPending">Converted but not yet rewarded.</param>
public sealed record ReferrerFigures(Guid ReferringPatientId, int Referrals, int Converted, double ConversionRate, int RewardsPending);

/// <summary>Referral statistics: totals and per referrer (most referrals first).</summary>
public sealed record ReferralStats(int Referrals, int Converted, double? ConversionRate, int Rewarded, int RewardsPending,
    IReadOnlyList<ReferrerFigures> Referrers);

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

    /// <summary>Checks the parties exist in this clinic, then records the referral.</summary>
    [WolverinePost("/api/v1/crm/referrals", OperationId = "recordReferral", Summary = "Record that a patient referred a lead or patient")]
    [ProducesResponseType<ReferralCreated>(201)]
    public static async Task<IResult> Post(RecordReferral c, IDocumentSession session, CancellationToken ct)
    {
        if (await session.LoadAsync<PatientSummary>(c.ReferringPatientId!.Value, ct) is null)
            return Results.Problem(statusCode: 404, title: "Not found", detail: $"No patient {c.ReferringPatientId} in this clinic.");
        if (c.ReferredPatientId is { } rp && await session.LoadAsync<PatientSummary>(rp, ct) is null)
            return Results.Problem(statusCode: 404, title: "Not found", detail: $"No patient {rp} in this clinic.");
        if (c.ReferredLeadId is { } rl)
        {
            var lead = await session.LoadAsync<LeadSummary>(rl, ct);
            if (lead is null) return Results.Problem(statusCode: 404, title: "Not found", detail: $"No lead {rl} in this clinic.");
            if (await session.Query<ReferralSummary>().AnyAsync(x => x.ReferredLeadId == rl, ct))
                return Results.Problem(statusCode: 409, title: "Conflict", detail: $"Lead {rl} already has a referral.");
            if (lead.Stage == LeadStage.Converted && lead.PatientId is { } converted)
                c = c with { ReferredLeadId = rl, ReferredPatientId = converted };
        }
        var id = Guid.CreateVersion7();
        session.Events.StartStream<Referral>(id, new ReferralRecorded(id, c.ReferringPatientId.Value, c.ReferredLeadId, c.ReferredPatientId,
            string.IsNullOrWhiteSpace(c.Note) ? null : c.Note.Trim()));
        var url = $"/api/v1/crm/referrals/{id}";
        return Results.Created(url, new ReferralCreated(id, url, c.ReferredPatientId is not null));
    }
}

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
        var now = clock.GetUtcNow();
        var events = new Events();
        var converted = referral.Converted;
        if (c.ReferredPatientId is { } p && !converted)
        {
            events.Add(new ReferralConverted(referral.Id, p, now));
            converted = true;
        }
        if (!string.IsNullOrWhiteSpace(c.Reward))
        {
            if (!converted) return (Problems.From(DomainError.Rule("Only a converted referral can be rewarded.")), new Events());
            if (referral.Rewarded) return (Problems.From(DomainError.Rule("The referral has already been rewarded.")), new Events());
            events.Add(new ReferralRewarded(referral.Id, c.Reward.Trim(), now));
        }
        return (Results.Ok(new { id = referral.Id, version = referral.Version + events.Count, eventsAppended = events.Count }), events);
    }
}

/// <summary><c>GET /api/v1/crm/referrals/{id}</c>: one referral; 404 when unknown.</summary>
public static class GetReferralEndpoint
{
    /// <summary>Reads the inline projection.</summary>
    [WolverineGet("/api/v1/crm/referrals/{id:guid}", OperationId = "getReferral", Summary = "Get one referral")]
    public static ReferralSummary Get([Entity] ReferralSummary referral) => referral;
}

/// <summary><c>GET /api/v1/crm/referrals?referringPatientId=&amp;converted=&amp;page=&amp;pageSize=</c>: newest first.</summary>
public static class GetReferralsEndpoint
{
    /// <summary>Queries the referrals.</summary>
    [WolverineGet("/api/v1/crm/referrals", OperationId = "listReferrals", Summary = "List referrals")]
    [ProducesResponseType<Paged<ReferralSummary>>(200)]
    public static async Task<IResult> Get(IQuerySession session, string? referringPatientId, string? converted, string? page, string? pageSize,
        CancellationToken ct)
    {
        var bad0 = QueryValues.Guid(referringPatientId, "referringPatientId", out var referrer);
        var bad1 = QueryValues.Bool(converted, "converted", out var isConverted);
        var bad2 = Paging.Check(page, pageSize, out var number, out var size);
        var bad = bad0 ?? bad1 ?? bad2;
        if (bad is not null) return bad;
        IQueryable<ReferralSummary> query = session.Query<ReferralSummary>();
        if (referrer is { } r) query = query.Where(x => x.ReferringPatientId == r);
        if (isConverted is { } c) query = query.Where(x => x.Converted == c);
        var results = await query.OrderByDescending(x => x.RecordedAt).ThenByDescending(x => x.Id).ToPagedListAsync(number, size, ct);
        return Results.Ok(new Paged<ReferralSummary>(results.ToList(), number, size, results.TotalItemCount));
    }
}

/// <summary>
/// <c>GET /api/v1/crm/referrals/stats</c>: conversion rate = converted ÷ referrals; rewards pending = converted
/// referrals without ReferralRewarded.
/// </summary>
public static class GetReferralStatsEndpoint
{
    /// <summary>Reads the figures from the clinic's <see cref="ChiroClick.Projections.Retention.ClinicAnalytics"/> document (async).</summary>
    [WolverineGet("/api/v1/crm/referrals/stats", OperationId = "getReferralStats", Summary = "Get referral counts and conversion rate")]
    public static async Task<ReferralStats> Get(IQuerySession session, CancellationToken ct)
    {
        var c = await ClinicAnalyticsStore.ClinicAsync(session, ct);
        return new ReferralStats(c.Referrals, c.ReferralsConverted, c.Referrals == 0 ? null : Math.Round((double)c.ReferralsConverted / c.Referrals, 4),
            c.ReferralsRewarded, c.ReferralRewardsPending,
            c.Referrers.Where(r => r.Value.Referrals > 0)
                .Select(r => new ReferrerFigures(r.Key, r.Value.Referrals, r.Value.Converted, Math.Round((double)r.Value.Converted / r.Value.Referrals, 4),
                    r.Value.RewardsPending))
                .OrderByDescending(f => f.Referrals).ThenBy(f => f.ReferringPatientId).ToList());
    }

    /// <summary>Reference computation (tests): the same figures from every inline referral summary.</summary>
    public static ReferralStats Of(IReadOnlyList<ReferralSummary> all)
    {
        var converted = all.Count(x => x.Converted);
        return new ReferralStats(all.Count, converted, all.Count == 0 ? null : Math.Round((double)converted / all.Count, 4),
            all.Count(x => x.Reward is not null), all.Count(x => x.Converted && x.Reward is null),
            all.GroupBy(x => x.ReferringPatientId)
                .Select(g => new ReferrerFigures(g.Key, g.Count(), g.Count(x => x.Converted), Math.Round((double)g.Count(x => x.Converted) / g.Count(), 4),
                    g.Count(x => x.Converted && x.Reward is null)))
                .OrderByDescending(f => f.Referrals).ThenBy(f => f.ReferringPatientId).ToList());
    }
}

/// <summary>
/// Reacts to LeadCaptured (relayed like LeadConverted): a lead captured with <c>referredByPatientId</c> of a
/// known patient gets its referral recorded automatically, once (the referral id is a UUIDv5 of the lead id).
/// </summary>
public static class ReferralFromLeadHandler
{
    /// <summary>Records ReferralRecorded unless the lead already has a referral or the referrer is unknown.</summary>
    public static async Task Handle(IEvent<LeadCaptured> e, IDocumentSession session, CancellationToken ct)
    {
        if (e.Data.ReferredByPatientId is not { } referrer) return;
        if (await session.LoadAsync<PatientSummary>(referrer, ct) is null) return;
        if (await session.Query<ReferralSummary>().AnyAsync(x => x.ReferredLeadId == e.Data.LeadId, ct)) return;
        var id = Import.DeterministicGuid.Create(e.Data.LeadId, "referral");
        session.Events.StartStream<Referral>(id, new ReferralRecorded(id, referrer, e.Data.LeadId, null, "recorded from the lead's referredByPatientId"));
    }
}

/// <summary>
/// Reacts to LeadConverted (relayed from the event store to Wolverine by the "crm-automation" subscription, in the
/// event's tenant): every open referral of that lead gets ReferralConverted with the new patient.
/// </summary>
public static class ReferralConversionHandler
{
    /// <summary>Appends ReferralConverted to each matching referral not yet converted.</summary>
    public static async Task Handle(IEvent<LeadConverted> e, IDocumentSession session, CancellationToken ct)
    {
        var open = await session.Query<ReferralSummary>()
            .Where(x => x.ReferredLeadId == e.Data.LeadId && !x.Converted)
            .ToListAsync(ct);
        foreach (var r in open)
            session.Events.Append(r.Id, r.Version + 1, new ReferralConverted(r.Id, e.Data.PatientId, e.Timestamp));
    }
}
