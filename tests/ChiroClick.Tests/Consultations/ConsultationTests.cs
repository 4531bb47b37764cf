using System.Text.Json.Nodes;
using ChiroClick.Domain.Patients;
using ChiroClick.Domain.Workflows;
using ChiroClick.Tests.Infrastructure;
using Marten;

namespace ChiroClick.Tests.Consultations;

public sealed class ConsultationTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private static string ExtractionReply(FakeOllamaRequest r) =>
        r.Format?.ToJsonString().Contains("soap") == true ? ExtractionOutputTests.Answer : FakeOllama.DefaultReply(r);

    [Fact]
    public async Task a_webvtt_transcript_is_recorded_with_its_speaker_turns_and_listed_per_patient()
    {
        var patient = await Host.NewPatient(Clinic);
        var other = await Host.NewPatient(Clinic, "Kari Hansen");
        var created = await Host.Send(Clinic, "POST", "/api/v1/consultations",
            new { patientId = patient, transcript = ConsultationScenarios.Vtt, format = "webvtt", language = "nb" }, 201);
        created!["turns"]!.GetValue<int>().ShouldBe(3);
        created["speakers"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldBe(["Kiropraktor", "Pasient"]);
        var id = Guid.Parse(created["id"]!.GetValue<string>());
        await Host.RecordedConsultation(Clinic, other, "Lege: Hei.\nPasient: Hei.", "text");

        var one = await Host.Send(Clinic, "GET", $"/api/v1/consultations/{id}", null, 200);
        one!["turns"]![1]!["speaker"]!.GetValue<string>().ShouldBe("Pasient");
        one["turns"]![1]!["startSeconds"]!.GetValue<double>().ShouldBe(4.5);
        one["format"]!.GetValue<string>().ShouldBe("webvtt");
        one["transcript"]!.GetValue<string>().ShouldStartWith("WEBVTT");
        var list = await Host.Send(Clinic, "GET", $"/api/v1/consultations?patientId={patient}", null, 200);
        list!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ShouldBe([id.ToString()]);
        list["items"]![0]!["turnCount"]!.GetValue<int>().ShouldBe(3);
        list["items"]![0]!.AsObject().ContainsKey("transcript").ShouldBeFalse();
        (await Host.Send(Clinic, "GET", "/api/v1/consultations", null, 200))!["totalCount"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task bad_consultations_are_refused_and_another_clinics_are_not_found()
    {
        var patient = await Host.NewPatient(Clinic);
        var bad = await Host.Send(Clinic, "POST", "/api/v1/consultations",
            new { patientId = patient, transcript = "WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nHei", format = "webvtt" }, 400);
        bad!["errors"]!["transcript"]![0]!.GetValue<string>().ShouldContain("line 3");
        await Host.Send(Clinic, "POST", "/api/v1/consultations", new { patientId = Guid.NewGuid(), transcript = "Hei" }, 404);
        await Host.Send(Clinic, "POST", "/api/v1/consultations", new { patientId = patient, transcript = "Hei", format = "docx" }, 400);
        await Host.Send(Clinic, "POST", "/api/v1/consultations", new { patientId = patient, transcript = "Hei", appointmentId = Guid.NewGuid() }, 404);

        var id = await Host.RecordedConsultation(Clinic, patient);
        var other = await Fixture.NewClinicAsync("Other clinic");
        await Host.Send(other, "GET", $"/api/v1/consultations/{id}", null, 404);
        await Host.Send(other, "POST", $"/api/v1/consultations/{id}/extract", null, 404);
        (await Host.Send(other, "GET", "/api/v1/consultations", null, 200))!["items"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task extraction_asks_the_medical_model_with_the_json_schema_and_drops_codes_outside_icpc2()
    {
        Ollama.Reply = ExtractionReply;
        var patient = await Host.NewPatient(Clinic);
        var id = await Host.RecordedConsultation(Clinic, patient);
        var suggestion = await Host.Send(Clinic, "POST", $"/api/v1/consultations/{id}/extract", null, 201);

        var request = Ollama.ChatRequests.Single();
        request.Model.ShouldBe("chiro-medical");
        request.Format!["properties"]!["soap"]!["required"]!.AsArray().Count.ShouldBe(4);
        request.UserPrompt!.ShouldContain("Pasient: Vondt i korsryggen siden mandag");
        request.UserPrompt!.ShouldContain("Pasientens alder: 40–49 år.");
        suggestion!["task"]!.GetValue<string>().ShouldBe("consultation_extraction");
        suggestion["role"]!.GetValue<string>().ShouldBe("medical");
        suggestion["droppedCodes"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldBe(["Q99"]);
        var output = JsonNode.Parse(suggestion["output"]!.GetValue<string>())!;
        output["diagnoses"]!.AsArray().Select(d => d!["code"]!.GetValue<string>()).ShouldBe(["L03"]);
        output["followUp"]!["inDays"]!.GetValue<int>().ShouldBe(14);
        var consultation = await Host.Send(Clinic, "GET", $"/api/v1/consultations/{id}", null, 200);
        consultation!["suggestionIds"]!.AsArray().Single()!.GetValue<string>().ShouldBe(suggestion["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task an_unusable_extraction_or_a_missing_ollama_appends_nothing()
    {
        var patient = await Host.NewPatient(Clinic);
        var id = await Host.RecordedConsultation(Clinic, patient);
        Ollama.Reply = _ => """{"diagnoses":[]}""";
        await Host.Send(Clinic, "POST", $"/api/v1/consultations/{id}/extract", null, 502);
        Ollama.Down = true;
        await Host.Send(Clinic, "POST", $"/api/v1/consultations/{id}/extract", null, 503);
        (await Host.Send(Clinic, "GET", $"/api/v1/consultations/{id}", null, 200))!["suggestionIds"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task accepting_the_extraction_records_the_note_the_tasks_and_the_follow_up_each_naming_the_suggestion()
    {
        Ollama.Reply = ExtractionReply;
        var patient = await Host.NewPatient(Clinic);
        var id = await Host.RecordedConsultation(Clinic, patient);
        var suggestion = Guid.Parse((await Host.Send(Clinic, "POST", $"/api/v1/consultations/{id}/extract", null, 201))!["id"]!.GetValue<string>());
        await Host.Send(Clinic, "POST", $"/api/v1/ai/suggestions/{suggestion}/accept", null, 200);

        var tenant = Clinic.Id.ToString();
        var note = await ConsultationScenarios.Eventually(async () =>
        {
            await using var q = Store.QuerySession(tenant);
            return (await q.Events.FetchStreamAsync(patient)).Select(e => e.Data).OfType<VisitNoteRecorded>().FirstOrDefault();
        }, "the visit note");
        note.SuggestionId.ShouldBe(suggestion);
        note.ConsultationId.ShouldBe(id);
        note.Subjective.ShouldBe("Vondt i korsryggen siden mandag, stråler til venstre lår.");
        note.Plan.ShouldBe("Manipulasjon L4-L5, øvelser.");
        note.Icpc2Codes.ShouldBe(["L03"]);
        note.RedFlags.ShouldBe(["Nummenhet i setet (high)"]);
        note.Exercises.ShouldBe(["Kattekamel 10 ganger"]);

        var tasks = await ConsultationScenarios.Eventually(async () =>
        {
            await using var q = Store.QuerySession(tenant);
            var found = await q.Query<StaffTask>().Where(t => t.PatientId == patient).ToListAsync();
            return found.Count == 3 ? found : null;
        }, "three staff tasks");
        tasks.ShouldAllBe(t => t.SuggestionId == suggestion);
        tasks.Select(t => t.Title).OrderBy(t => t).ShouldBe(["Oppfølging: Kontroll av korsrygg", "Ring pasienten", "Send øvelsesark"]);
        var now = Fixture.Clock.GetUtcNow();
        tasks.Single(t => t.Title.StartsWith("Oppfølging")).DueAt.ShouldBe(now.AddDays(14), TimeSpan.FromMinutes(2));
        tasks.Single(t => t.Title == "Ring pasienten").DueAt.ShouldBe(now.AddDays(365), TimeSpan.FromMinutes(2));

        var consultation = await ConsultationScenarios.Eventually(async () =>
        {
            var c = await Host.Send(Clinic, "GET", $"/api/v1/consultations/{id}", null, 200);
            return c!["noteId"] is null ? null : c;
        }, "the applied extraction");
        consultation["appliedSuggestionId"]!.GetValue<string>().ShouldBe(suggestion.ToString());
        consultation["noteId"]!.GetValue<string>().ShouldBe(note.NoteId.ToString());
        consultation["taskIds"]!.AsArray().Count.ShouldBe(2);
        consultation["followUpTaskId"]!.GetValue<string>().ShouldBe(tasks.Single(t => t.Title.StartsWith("Oppfølging")).Id.ToString());
        (await Host.Send(Clinic, "POST", $"/api/v1/consultations/{id}/extract", null, 409))!["detail"]!.GetValue<string>().ShouldContain("already has its note");

        // The decision is training data like every task's.
        await WaitForProjections();
        await using var session = Store.QuerySession(tenant);
        (await session.LoadAsync<Projections.Training.SftExample>(suggestion))!.Task.ShouldBe("consultation_extraction");
    }

    [Fact]
    public async Task modifying_the_extraction_with_note_text_records_the_clinicians_text()
    {
        Ollama.Reply = ExtractionReply;
        var patient = await Host.NewPatient(Clinic);
        var id = await Host.RecordedConsultation(Clinic, patient);
        var suggestion = Guid.Parse((await Host.Send(Clinic, "POST", $"/api/v1/consultations/{id}/extract", null, 201))!["id"]!.GetValue<string>());
        await Host.Send(Clinic, "POST", $"/api/v1/ai/suggestions/{suggestion}/modify",
            new { text = "S: Korsryggsmerter etter løft.\nO: Nedsatt fleksjon.\nA: Lumbago.\nP: Manipulasjon, kontroll om 14 dager." }, 200);
        var note = await ConsultationScenarios.Eventually(async () =>
        {
            await using var q = Store.QuerySession(Clinic.Id.ToString());
            return (await q.Events.FetchStreamAsync(patient)).Select(e => e.Data).OfType<VisitNoteRecorded>().FirstOrDefault();
        }, "the visit note");
        (note.Subjective, note.Objective, note.Assessment, note.Plan).ShouldBe(
            ("Korsryggsmerter etter løft.", "Nedsatt fleksjon.", "Lumbago.", "Manipulasjon, kontroll om 14 dager."));
        note.Icpc2Codes.ShouldBe(["L03"]);
        note.SuggestionId.ShouldBe(suggestion);
    }
}
