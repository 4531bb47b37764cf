using Alba;
using ChiroClick.Api.Leads;
using ChiroClick.Domain.Leads;
using ChiroClick.Projections.Leads;
using ChiroClick.Tests.Infrastructure;

namespace ChiroClick.Tests.Leads;

/// <summary>Scenario steps over the lead API, so tests read as a story.</summary>
public static class LeadScenarios
{
    public static object NewLead(string name = "Kari Nordmann", string source = "website", string? phone = "+47 99 88 77 66",
        string? email = "kari@example.no", string? complaint = "Vondt i korsryggen etter løfting") =>
        new { fullName = name, phone, email, source, complaint, marketingConsent = false };

    public static async Task<LeadCreated> CapturedLead(this IAlbaHost host, TestClinic clinic, object? body = null)
    {
        var result = await host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", clinic.Key);
            s.Post.Json(body ?? NewLead()).ToUrl("/api/v1/crm/leads");
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<LeadCreated>())!;
    }

    public static async Task<LeadSummary> Lead(this IAlbaHost host, TestClinic clinic, Guid id)
    {
        var result = await host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", clinic.Key);
            s.Get.Url($"/api/v1/crm/leads/{id}");
        });
        return (await result.ReadAsJsonAsync<LeadSummary>())!;
    }

    public static async Task<LeadUpdated> MovedLead(this IAlbaHost host, TestClinic clinic, Guid id, string stage, string? reason = null)
    {
        var current = await host.Lead(clinic, id);
        var result = await host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", clinic.Key);
            s.Put.Json(new { expectedVersion = current.Version, stage, reason }).ToUrl($"/api/v1/crm/leads/{id}");
            s.StatusCodeShouldBe(200);
        });
        return (await result.ReadAsJsonAsync<LeadUpdated>())!;
    }

    public static async Task<LeadConversion> ConvertedLead(this IAlbaHost host, TestClinic clinic, Guid id)
    {
        var result = await host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", clinic.Key);
            s.Post.Json(new { }).ToUrl($"/api/v1/crm/leads/{id}/convert");
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<LeadConversion>())!;
    }

    public static async Task<PipelineView> Pipeline(this IAlbaHost host, TestClinic clinic)
    {
        var result = await host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", clinic.Key);
            s.Get.Url("/api/v1/crm/leads/pipeline");
        });
        return (await result.ReadAsJsonAsync<PipelineView>())!;
    }

    public static StageFigure Stage(this PipelineView view, LeadStage stage) => view.Stages.Single(s => s.Stage == stage);
}
