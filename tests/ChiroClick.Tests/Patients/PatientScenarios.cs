using Alba;
using ChiroClick.Api.Patients;
using ChiroClick.Projections.Patients;
using ChiroClick.Tests.Infrastructure;

namespace ChiroClick.Tests.Patients;

/// <summary>Scenario steps over the patient and CRM API.</summary>
public static class PatientScenarios
{
    public static async Task<PatientCreated> RegisteredPatient(this IAlbaHost host, TestClinic clinic, string name = "Ola Nordmann",
        string? phone = "+47 99 88 77 66", string? fnr = null)
    {
        var result = await host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", clinic.Key);
            s.Post.Json(new { fullName = name, phone, email = "ola@example.no", nationalIdentityNumber = fnr, birthDate = "1980-05-17" })
                .ToUrl("/api/v1/patients");
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<PatientCreated>())!;
    }

    public static async Task<VisitRecorded> Visited(this IAlbaHost host, TestClinic clinic, Guid patientId, DateTimeOffset? at = null,
        string[]? codes = null)
    {
        var result = await host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", clinic.Key);
            s.Post.Json(new { completedAt = at, practitioner = "Kari Kiropraktor", icpc2Codes = codes ?? ["L03"], treatment = "Manipulasjon" })
                .ToUrl($"/api/v1/patients/{patientId}/visits");
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<VisitRecorded>())!;
    }

    public static async Task<PatientSummary> Patient(this IAlbaHost host, TestClinic clinic, Guid id)
    {
        var result = await host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", clinic.Key);
            s.Get.Url($"/api/v1/patients/{id}");
        });
        return (await result.ReadAsJsonAsync<PatientSummary>())!;
    }

    public static async Task<T> GetJson<T>(this IAlbaHost host, TestClinic clinic, string url)
    {
        var result = await host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", clinic.Key);
            s.Get.Url(url);
        });
        return (await result.ReadAsJsonAsync<T>())!;
    }
}
