using ChiroClick.Projections.Assistant;
using ChiroClick.Domain.Assistant;
using ChiroClick.Tests.Consultations;
using ChiroClick.Tests.Infrastructure;
using ChiroClick.Tests.Telephony;
using Marten;

namespace ChiroClick.Tests.Assistant;

/// <summary>Phone-call transcripts in the assistant's index: under the one patient the call is attributed to, never otherwise.</summary>
public sealed class CallTranscriptIndexTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task A_transcript_of_a_patients_call_is_searchable_under_that_patient_and_an_unknown_callers_is_not_indexed()
    {
        var number = TelephonyScenarios.NewNumber();
        var patient = await Host.Patient(Clinic, "Siri Samtale", number.E164);
        var known = "k-" + Guid.NewGuid().ToString("N");
        var at = DateTimeOffset.UtcNow.AddMinutes(-20);
        await Host.CallEvent(Clinic.Key, TelephonyScenarios.Body(known, "ringing", number.Zeros, at: at));
        var ended = await Host.CallEvent(Clinic.Key, TelephonyScenarios.Body(known, "ended", number.Zeros, at: at.AddMinutes(4), durationSeconds: 230,
            transcript: "Pasienten forteller om kjevesmerter og klikkelyder i kjeveleddet når hun tygger."));
        var callId = ended["id"]!.GetValue<Guid>();
        var stranger = "s-" + Guid.NewGuid().ToString("N");
        await Host.CallEvent(Clinic.Key, TelephonyScenarios.Body(stranger, "ended", "+4791234560", at: at.AddMinutes(9), durationSeconds: 60,
            transcript: "Ukjent innringer spør om kjeveleddet og klikkelyder."));
        await WaitForProjections();

        var hits = (await Host.Send(Clinic, "GET", "/api/v1/assistant/search?q=klikkelyder+i+kjeveleddet&k=10", null, 200))!.AsArray();
        var call = hits.Single(h => h!["sourceType"]!.GetValue<string>() == "call_transcript")!;
        call["sourceId"]!.GetValue<string>().ShouldBe(callId.ToString());
        call["patientId"]!.GetValue<string>().ShouldBe(patient.ToString());
        call["snippet"]!.GetValue<string>().ShouldContain("kjeveleddet");

        await using var session = Store.QuerySession(Clinic.Id.ToString());
        var chunks = await session.Query<KnowledgeChunk>().Where(c => c.SourceType == KnowledgeSourceType.CallTranscript).ToListAsync();
        chunks.Select(c => c.SourceId).Distinct().ShouldBe([callId], "the stranger's call is attributed to nobody, so it is not indexed");
        chunks.ShouldAllBe(c => c.Clinical && c.PatientId == patient);
    }
}
