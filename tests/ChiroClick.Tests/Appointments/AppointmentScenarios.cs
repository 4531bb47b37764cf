using Alba;
using ChiroClick.Api.Appointments;
using ChiroClick.Api.Campaigns;
using ChiroClick.Api.Patients;
using ChiroClick.Projections.Appointments;
using ChiroClick.Tests.Infrastructure;
using Marten;

namespace ChiroClick.Tests.Appointments;

/// <summary>Scenario steps over the appointment API.</summary>
public static class AppointmentScenarios
{
    private static readonly Random Numbers = new();

    /// <summary>A unique Norwegian mobile number in E.164.</summary>
    public static string NewPhone() { lock (Numbers) return $"+479{Numbers.Next(1_000_000, 9_999_999)}"; }

    /// <summary>A patient with a phone and e-mail and the care (and surveys) consents on both channels.</summary>
    public static async Task<(Guid Id, string Phone, string Email)> ReachablePatient(this IAlbaHost host, TestClinic clinic, string name = "Kari Nordmann")
    {
        var phone = NewPhone();
        var email = $"p{phone[3..]}@example.no";
        var consents = new object[]
        {
            new { channel = "sms", purpose = "care" }, new { channel = "email", purpose = "care" },
            new { channel = "sms", purpose = "surveys" }, new { channel = "email", purpose = "surveys" },
        };
        var result = await host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", clinic.Key);
            s.Post.Json(new { fullName = name, phone, email, consents }).ToUrl("/api/v1/patients");
            s.StatusCodeShouldBe(201);
        });
        return ((await result.ReadAsJsonAsync<PatientCreated>())!.Id, phone, email);
    }

    public static async Task<AppointmentCreated> Booked(this IAlbaHost host, TestClinic clinic, Guid patientId, DateTimeOffset start,
        int minutes = 30, string practitioner = "Kari Kiropraktor")
    {
        var result = await host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", clinic.Key);
            s.Post.Json(new { patientId, practitioner, start, end = start.AddMinutes(minutes), type = "oppfølging" }).ToUrl("/api/v1/appointments");
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<AppointmentCreated>())!;
    }

    public static async Task<AppointmentSummary> Appointment(this IAlbaHost host, TestClinic clinic, Guid id)
    {
        var result = await host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", clinic.Key);
            s.Get.Url($"/api/v1/appointments/{id}");
        });
        return (await result.ReadAsJsonAsync<AppointmentSummary>())!;
    }

    /// <summary>Messages in the outbox table to <paramref name="to"/>, oldest first.</summary>
    public static async Task<List<CampaignOutboxMessage>> Outbox(this IDocumentStore store, TestClinic clinic, string to)
    {
        await using var session = store.QuerySession(clinic.Id.ToString());
        return (await session.Query<CampaignOutboxMessage>().Where(m => m.To == to).ToListAsync()).OrderBy(m => m.CreatedAt).ToList();
    }

    /// <summary>Polls until <paramref name="probe"/> holds (background handlers run asynchronously).</summary>
    public static async Task Eventually(Func<Task<bool>> probe, string what, int seconds = 30)
    {
        for (var i = 0; i < seconds * 5; i++)
        {
            if (await probe()) return;
            await Task.Delay(200);
        }
        throw new TimeoutException($"Timed out waiting for: {what}");
    }

    /// <summary>An SMS from <paramref name="from"/> to the clinic, through the inbound route.</summary>
    public static async Task<InboundSmsRecorded> Texted(this IAlbaHost host, TestClinic clinic, string from, string body)
    {
        var result = await host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", clinic.Key);
            s.Post.Json(new { from, body, messageId = Guid.NewGuid().ToString() }).ToUrl("/api/v1/crm/sms/inbound");
            s.StatusCodeShouldBe(200);
        });
        return (await result.ReadAsJsonAsync<InboundSmsRecorded>())!;
    }
}
