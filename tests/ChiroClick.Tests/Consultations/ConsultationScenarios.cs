using System.Text.Json.Nodes;
using Alba;
using ChiroClick.Tests.Infrastructure;

namespace ChiroClick.Tests.Consultations;

/// <summary>Scenario steps over the consultation and assistant API.</summary>
public static class ConsultationScenarios
{
    public const string Vtt = """
        WEBVTT

        00:00:01.000 --> 00:00:04.000
        <v Kiropraktor>Hva er problemet i dag?

        00:00:04.500 --> 00:00:09.000
        <v Pasient>Vondt i korsryggen siden mandag, det stråler ned i venstre lår. Jeg løftet flyttekasser.

        00:00:09.500 --> 00:00:14.000
        <v Kiropraktor>Fleksjonen er nedsatt, Lasègue er negativ. Vi tar manipulasjon og kattekamel hjemme, kontroll om to uker.
        """;

    /// <summary>Sends a request with the clinic's key and returns the parsed JSON answer (null for an empty body).</summary>
    public static async Task<JsonNode?> Send(this IAlbaHost host, TestClinic clinic, string method, string url, object? body, int status)
    {
        var result = await host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", clinic.Key);
            if (method == "GET") s.Get.Url(url);
            else s.Post.Json(body ?? new { }).ToUrl(url);
            s.StatusCodeShouldBe(status);
        });
        var text = await result.ReadAsTextAsync();
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    /// <summary>A patient of the clinic (born 1980-05-17).</summary>
    public static async Task<Guid> NewPatient(this IAlbaHost host, TestClinic clinic, string name = "Ola Nordmann")
    {
        var created = await host.Send(clinic, "POST", "/api/v1/patients",
            new { fullName = name, phone = "+47 99 88 77 66", email = "ola@example.no", birthDate = "1980-05-17" }, 201);
        return Guid.Parse(created!["id"]!.GetValue<string>());
    }

    public static async Task<Guid> RecordedConsultation(this IAlbaHost host, TestClinic clinic, Guid patientId, string transcript = Vtt,
        string format = "webvtt", string language = "nb")
    {
        var created = await host.Send(clinic, "POST", "/api/v1/consultations", new { patientId, transcript, format, language }, 201);
        return Guid.Parse(created!["id"]!.GetValue<string>());
    }

    /// <summary>Polls <paramref name="probe"/> until it answers non-null (relayed events are handled asynchronously).</summary>
    public static async Task<T> Eventually<T>(Func<Task<T?>> probe, string what, int seconds = 30) where T : class
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (await probe() is { } found) return found;
            if (DateTime.UtcNow > until) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(100);
        }
    }
}
