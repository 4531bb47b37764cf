using Microsoft.Extensions.DependencyInjection;
using ChiroClick.Api.Common;
using ChiroClick.Api.Referrals;
using ChiroClick.Projections.Referrals;
using ChiroClick.Tests.Infrastructure;
using ChiroClick.Tests.Patients;

namespace ChiroClick.Tests.Referrals;

public sealed class ReferralTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private async Task<ReferralCreated> Referred(object body)
    {
        var result = await As(s => { s.Post.Json(body).ToUrl("/api/v1/crm/referrals"); s.StatusCodeShouldBe(201); });
        return (await result.ReadAsJsonAsync<ReferralCreated>())!;
    }

    [Fact]
    public async Task converting_the_referred_lead_converts_the_referral_through_the_wolverine_handler()
    {
        var referrer = await Host.RegisteredPatient(Clinic, "Henviser");
        var lead = await Leads.LeadScenarios.CapturedLead(Host, Clinic);
        var referral = await Referred(new { referringPatientId = referrer.Id, referredLeadId = lead.Id, note = "Kollega" });
        referral.Converted.ShouldBeFalse();
        await As(s => { s.Put.Json(new { reward = "Gavekort" }).ToUrl($"/api/v1/crm/referrals/{referral.Id}"); s.StatusCodeShouldBe(422); });

        var conversion = await Leads.LeadScenarios.ConvertedLead(Host, Clinic, lead.Id);

        ReferralSummary? summary = null;
        for (var i = 0; i < 100 && summary?.Converted != true; i++)
        {
            await Task.Delay(100);
            summary = await Host.GetJson<ReferralSummary>(Clinic, $"/api/v1/crm/referrals/{referral.Id}");
        }
        summary!.Converted.ShouldBeTrue();
        summary.ReferredPatientId.ShouldBe(conversion.PatientId);

        await As(s => { s.Put.Json(new { reward = "Gavekort 300 kr" }).ToUrl($"/api/v1/crm/referrals/{referral.Id}"); s.StatusCodeShouldBe(200); });
        await As(s => { s.Put.Json(new { reward = "igjen" }).ToUrl($"/api/v1/crm/referrals/{referral.Id}"); s.StatusCodeShouldBe(422); });
        (await Host.GetJson<ReferralSummary>(Clinic, $"/api/v1/crm/referrals/{referral.Id}")).Reward.ShouldBe("Gavekort 300 kr");
    }

    [Fact]
    public async Task a_lead_captured_with_a_referring_patient_gets_its_referral_recorded_and_converted()
    {
        var referrer = await Host.RegisteredPatient(Clinic, "Henviser");
        var lead = await Leads.LeadScenarios.CapturedLead(Host, Clinic, new
        {
            fullName = "Venn av Henviser", phone = "+47 41 23 45 67", source = "referral", referredByPatientId = referrer.Id,
        });

        Paged<ReferralSummary>? page = null;
        for (var i = 0; i < 100 && page?.TotalCount is not 1; i++)
        {
            await Task.Delay(100);
            page = await Host.GetJson<Paged<ReferralSummary>>(Clinic, $"/api/v1/crm/referrals?referringPatientId={referrer.Id}");
        }
        page!.Items.Single().ReferredLeadId.ShouldBe(lead.Id);
        await As(s => { s.Post.Json(new { referringPatientId = referrer.Id, referredLeadId = lead.Id }).ToUrl("/api/v1/crm/referrals"); s.StatusCodeShouldBe(409); });

        await Leads.LeadScenarios.ConvertedLead(Host, Clinic, lead.Id);
        ReferralStats? stats = null;
        for (var i = 0; i < 100 && stats?.Converted != 1; i++)
        {
            await Task.Delay(100);
            await WaitForProjections();
            stats = await Host.GetJson<ReferralStats>(Clinic, "/api/v1/crm/referrals/stats");
        }
        stats!.Converted.ShouldBe(1);
        stats.RewardsPending.ShouldBe(1);
    }

    [Fact]
    public void each_lead_captured_handler_runs_on_its_own_durable_queue()
    {
        // MultipleHandlerBehavior.Separated: the referral handler and the workflow triggers each get their own transaction,
        // retries and durable local queue, so one failing never rolls back or replays the other.
        var runtime = Host.Services.GetRequiredService<Wolverine.Runtime.IWolverineRuntime>();
        var local = runtime.Options.Transports.AllEndpoints().Where(e => e.Uri.Scheme == "local").ToList();
        var names = local.Select(q => q.Uri.ToString().ToLowerInvariant()).ToList();
        names.ShouldContain(n => n.Contains("referralfromleadhandler"), string.Join(" ", names));
        names.ShouldContain(n => n.Contains("workflowtriggerhandler"), string.Join(" ", names));
        local.Where(q => q.Uri.ToString().Contains("handler", StringComparison.OrdinalIgnoreCase))
            .ShouldAllBe(q => q.Mode == Wolverine.Configuration.EndpointMode.Durable);
    }

    [Fact]
    public async Task stats_per_referrer_and_bad_input()
    {
        var a = await Host.RegisteredPatient(Clinic, "A");
        var b = await Host.RegisteredPatient(Clinic, "B");
        var c = await Host.RegisteredPatient(Clinic, "C");
        var lead = await Leads.LeadScenarios.CapturedLead(Host, Clinic);
        await Referred(new { referringPatientId = a.Id, referredPatientId = b.Id });   // converted from the start
        await Referred(new { referringPatientId = a.Id, referredLeadId = lead.Id });   // open
        var third = await Referred(new { referringPatientId = c.Id, referredPatientId = a.Id });
        await As(s => { s.Put.Json(new { reward = "Rabatt" }).ToUrl($"/api/v1/crm/referrals/{third.Id}"); s.StatusCodeShouldBe(200); });

        await As(s => { s.Post.Json(new { referredLeadId = lead.Id }).ToUrl("/api/v1/crm/referrals"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Json(new { referringPatientId = a.Id, referredLeadId = lead.Id, referredPatientId = b.Id }).ToUrl("/api/v1/crm/referrals"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Json(new { referringPatientId = Guid.NewGuid(), referredPatientId = b.Id }).ToUrl("/api/v1/crm/referrals"); s.StatusCodeShouldBe(404); });
        await As(s => { s.Post.Json(new { referringPatientId = a.Id, referredLeadId = Guid.NewGuid() }).ToUrl("/api/v1/crm/referrals"); s.StatusCodeShouldBe(404); });
        await As(s => { s.Put.Json(new { reward = "x" }).ToUrl($"/api/v1/crm/referrals/{Guid.NewGuid()}"); s.StatusCodeShouldBe(404); });
        await As(s => { s.Put.Json(new { }).ToUrl($"/api/v1/crm/referrals/{third.Id}"); s.StatusCodeShouldBe(400); });

        await WaitForProjections();
        var stats = await Host.GetJson<ReferralStats>(Clinic, "/api/v1/crm/referrals/stats");
        stats.Referrals.ShouldBe(3);
        stats.Converted.ShouldBe(2);
        stats.ConversionRate.ShouldBe(0.6667);
        stats.Rewarded.ShouldBe(1);
        stats.RewardsPending.ShouldBe(1);
        var first = stats.Referrers[0];
        first.ShouldBe(new ReferrerFigures(a.Id, 2, 1, 0.5, 1));
        (await Host.GetJson<Paged<ReferralSummary>>(Clinic, $"/api/v1/crm/referrals?referringPatientId={a.Id}")).TotalCount.ShouldBe(2);
        (await Host.GetJson<Paged<ReferralSummary>>(Clinic, "/api/v1/crm/referrals?converted=false")).Items.Single().ReferredLeadId.ShouldBe(lead.Id);
    }
}
