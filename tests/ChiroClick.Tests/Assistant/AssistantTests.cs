using System.Text.Json.Nodes;
using ChiroClick.Domain.Clinics;
using ChiroClick.Projections.Assistant;
using ChiroClick.Tests.Access;
using ChiroClick.Tests.Consultations;
using ChiroClick.Tests.Infrastructure;
using Marten;

namespace ChiroClick.Tests.Assistant;

public sealed class AssistantTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private const string Sciatica = "Doctor: What brings you in?\nPatient: Sharp low back pain radiating down my left leg since I lifted a sofa.\n" +
                                    "Doctor: Straight leg raise is positive on the left. This looks like sciatica; we start with mobilisation.";
    private const string Neck = "Doctor: Tell me about the neck.\nPatient: Stiff neck and headaches after a car accident, worse in the morning.\n" +
                                "Doctor: Whiplash grade two. Gentle range of motion exercises.";

    private async Task<(Guid Sciatica, Guid Neck, Guid Document)> SeedAsync(TestClinic clinic)
    {
        var p1 = await Host.NewPatient(clinic, "Per Hansen");
        var p2 = await Host.NewPatient(clinic, "Lise Berg");
        await Host.RecordedConsultation(clinic, p1, Sciatica, "text", "en");
        await Host.RecordedConsultation(clinic, p2, Neck, "text", "en");
        var doc = await Host.Send(clinic, "POST", "/api/v1/assistant/documents",
            new { title = "Prices and opening hours", text = "A first consultation costs 650 kroner. Follow-up treatment costs 450 kroner. Closed on Sundays.",
                tags = new[] { "Prices", "prices", "praktisk" } }, 201);
        await WaitForProjections();
        return (p1, p2, Guid.Parse(doc!["id"]!.GetValue<string>()));
    }

    private async Task<TestClinic> KeyOf(TestClinic clinic, KeyRole role)
    {
        var issued = await Host.IssuedKey(clinic, role.ToString().ToLowerInvariant(), role);
        return clinic with { Key = issued.Key };
    }

    [Fact]
    public async Task documents_are_listed_and_search_is_hybrid_within_the_clinic()
    {
        var (sciatica, _, document) = await SeedAsync(Clinic);
        var docs = await Host.Send(Clinic, "GET", "/api/v1/assistant/documents?tag=prices", null, 200);
        docs!["items"]!.AsArray().Single()!["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["prices", "praktisk"]);

        var hits = (await Host.Send(Clinic, "GET", "/api/v1/assistant/search?q=pain+in+the+leg+after+lifting&k=3", null, 200))!.AsArray();
        var top = hits[0]!;
        top["sourceType"]!.GetValue<string>().ShouldBe("consultation");
        top["patientId"]!.GetValue<string>().ShouldBe(sciatica.ToString());
        top["lexicalRank"]!.GetValue<int>().ShouldBe(1);
        top["vectorRank"]!.GetValue<int>().ShouldBe(1);
        top["snippet"]!.GetValue<string>().ShouldContain("leg");
        top["score"]!.GetValue<double>().ShouldBe(2.0 / 61, 1e-5);

        // Semantic only: no word of the question occurs in the price list.
        var prices = (await Host.Send(Clinic, "GET", "/api/v1/assistant/search?q=what+are+the+fees&k=3", null, 200))!.AsArray();
        var price = prices[0]!;
        price["sourceId"]!.GetValue<string>().ShouldBe(document.ToString(), prices.ToJsonString());
        price["lexicalRank"].ShouldBeNull();

        // Another clinic with the same kind of records never sees these.
        var other = await Fixture.NewClinicAsync("Other clinic");
        (await Host.Send(other, "GET", "/api/v1/assistant/search?q=pain+in+the+leg+after+lifting", null, 200))!.AsArray().ShouldBeEmpty();
        await Host.Send(other, "GET", $"/api/v1/assistant/search?q=leg&patientId={sciatica}", null, 404);
        await Host.Send(Clinic, "GET", "/api/v1/assistant/search?q=", null, 400);
        await Host.Send(Clinic, "GET", "/api/v1/assistant/search?q=leg&k=51", null, 400);
    }

    [Fact]
    public async Task clinical_sources_are_searched_only_for_clinicians_and_admins_and_a_patient_filter_narrows()
    {
        var (sciatica, neck, document) = await SeedAsync(Clinic);
        var frontDesk = await KeyOf(Clinic, KeyRole.FrontDesk);
        var clinician = await KeyOf(Clinic, KeyRole.Clinician);
        var all = (await Host.Send(frontDesk, "GET", "/api/v1/assistant/search?q=pain+leg+neck+costs&k=10", null, 200))!.AsArray();
        all.Select(h => h!["sourceId"]!.GetValue<string>()).ShouldBe([document.ToString()]);
        var clinical = (await Host.Send(clinician, "GET", "/api/v1/assistant/search?q=pain+leg+neck+costs&k=10", null, 200))!.AsArray();
        clinical.Count.ShouldBe(3);
        var narrowed = (await Host.Send(clinician, "GET", $"/api/v1/assistant/search?q=pain+leg+neck+costs&patientId={neck}", null, 200))!.AsArray();
        narrowed.Select(h => h!["patientId"]?.GetValue<string>()).OrderBy(x => x).ShouldBe([null, neck.ToString()]);
        narrowed.ShouldNotContain(h => h!["patientId"] != null && h["patientId"]!.GetValue<string>() == sciatica.ToString());

        // The search is a logged read of the patients it returned.
        var log = await Host.Send(Clinic, "GET", $"/api/v1/audit/access?recordId={sciatica}", null, 200);
        log!.ToJsonString().ShouldContain("/api/v1/assistant/search");
    }

    [Fact]
    public async Task chat_answers_from_numbered_context_with_citations_and_the_session_is_an_audit_stream()
    {
        var (sciatica, _, _) = await SeedAsync(Clinic);
        Ollama.Reply = r => r.UserPrompt!.Contains("[1]") ? "The patient has sciatica after lifting a sofa [1]." : "No context.";
        var answer = await Host.Send(Clinic, "POST", "/api/v1/assistant/chat",
            new { question = "Why does the patient have leg pain?", patientId = sciatica }, 201);

        var request = Ollama.ChatRequests.Single();
        request.Model.ShouldBe("chiro-no");
        request.SystemPrompt!.ShouldContain("BARE ut fra de nummererte utdragene");
        request.SystemPrompt!.ShouldContain("ikke sier noe om det");
        request.UserPrompt!.ShouldContain("[1] Konsultasjon");
        request.UserPrompt!.ShouldContain("Sharp low back pain radiating down my left leg");
        request.UserPrompt!.ShouldEndWith("Spørsmål: Why does the patient have leg pain?");
        request.UserPrompt!.ShouldNotContain("Stiff neck"); // another patient's record

        answer!["answer"]!.GetValue<string>().ShouldBe("The patient has sciatica after lifting a sofa [1].");
        var citation = answer["citations"]!.AsArray().Single()!;
        citation["number"]!.GetValue<int>().ShouldBe(1);
        citation["sourceType"]!.GetValue<string>().ShouldBe("consultation");
        citation["patientId"]!.GetValue<string>().ShouldBe(sciatica.ToString());
        citation["snippet"]!.GetValue<string>().ShouldContain("leg");
        var sessionId = Guid.Parse(answer["sessionId"]!.GetValue<string>());
        var suggestionId = Guid.Parse(answer["suggestionId"]!.GetValue<string>());
        (await Host.Send(Clinic, "GET", $"/api/v1/ai/suggestions/{suggestionId}", null, 200))!["task"]!.GetValue<string>().ShouldBe("assistant_chat");

        Ollama.Reply = _ => "Journalene sier ikke noe om det.";
        var second = await Host.Send(Clinic, "POST", "/api/v1/assistant/chat", new { sessionId, question = "What is his blood type?" }, 201);
        second!["citations"]!.AsArray().ShouldBeEmpty();

        var history = (await Host.Send(Clinic, "GET", $"/api/v1/audit/streams/{sessionId}", null, 200))!.AsArray();
        history.Select(e => e!["type"]!.GetValue<string>()).ShouldBe(
            ["chat_session_started", "chat_question_asked", "chat_answered", "chat_question_asked", "chat_answered"]);
        history.ShouldAllBe(e => e!["userName"]!.GetValue<string>() == "tester");
        history[1]!["data"]!["question"]!.GetValue<string>().ShouldBe("Why does the patient have leg pain?");
        var answered = history[2]!["data"]!;
        answered["suggestionId"]!.GetValue<string>().ShouldBe(suggestionId.ToString());
        answered["shown"]!.AsArray().Count.ShouldBeGreaterThanOrEqualTo(1);
        answered["citations"]!.AsArray().Single()!["sourceId"]!.GetValue<string>().ShouldBe(citation["sourceId"]!.GetValue<string>());

        var log = await Host.Send(Clinic, "GET", $"/api/v1/audit/access?recordId={sciatica}", null, 200);
        log!.ToJsonString().ShouldContain("\"route\":\"/api/v1/assistant/chat\"");
        await Host.Send(Clinic, "POST", "/api/v1/assistant/chat", new { sessionId = Guid.NewGuid(), question = "x" }, 404);
        await Host.Send(Clinic, "POST", "/api/v1/assistant/chat", new { question = " " }, 400);
    }

    [Fact]
    public async Task chat_of_another_clinic_is_shown_nothing_of_this_one_and_cannot_continue_its_session()
    {
        await SeedAsync(Clinic);
        var first = await Host.Send(Clinic, "POST", "/api/v1/assistant/chat", new { question = "Who had sciatica after lifting a sofa?" }, 201);
        var other = await Fixture.NewClinicAsync("Other clinic");
        Ollama.Requests.Clear();
        await Host.Send(other, "POST", "/api/v1/assistant/chat", new { question = "Who had sciatica after lifting a sofa?" }, 201);
        var prompt = Ollama.ChatRequests.Single().UserPrompt!;
        prompt.ShouldContain("(ingen utdrag funnet)");
        prompt.ShouldNotContain("sofa.");
        await Host.Send(other, "POST", "/api/v1/assistant/chat", new { sessionId = first!["sessionId"]!.GetValue<string>(), question = "x" }, 404);
    }

    [Fact]
    public async Task streamed_chat_sends_chunks_then_the_answer_with_citations()
    {
        await SeedAsync(Clinic);
        Ollama.Reply = _ => "A first consultation costs 650 kroner [1].";
        var result = await Host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", Clinic.Key);
            s.Post.Json(new { question = "What does a first consultation cost?" }).ToUrl("/api/v1/assistant/chat/stream");
            s.StatusCodeShouldBe(200);
        });
        result.Context.Response.ContentType.ShouldBe("text/event-stream");
        var body = await result.ReadAsTextAsync();
        body.ShouldContain("event: chunk");
        var done = JsonNode.Parse(body.Split("event: done\ndata: ")[1].Split('\n')[0])!;
        done["answer"]!.GetValue<string>().ShouldBe("A first consultation costs 650 kroner [1].");
        done["citations"]!.AsArray().Single()!["sourceType"]!.GetValue<string>().ShouldBe("clinic_document");
    }

    [Fact]
    public async Task an_erased_patients_chunks_disappear_from_the_index()
    {
        var (sciatica, _, _) = await SeedAsync(Clinic);
        (await Host.Send(Clinic, "GET", "/api/v1/assistant/search?q=sofa+sciatica", null, 200))!.AsArray()
            .ShouldContain(h => h!["patientId"] != null && h["patientId"]!.GetValue<string>() == sciatica.ToString());
        var erasure = await Host.Send(Clinic, "POST", "/api/v1/privacy/erasures", new { subjectType = "patient", subjectId = sciatica, reason = "art. 17" }, 202);
        var id = erasure!["id"]!.GetValue<string>();
        await ConsultationScenarios.Eventually(async () =>
        {
            var e = await Host.Send(Clinic, "GET", $"/api/v1/privacy/erasures/{id}", null, 200);
            return e!["status"]!.GetValue<string>() == "pending" ? null : e;
        }, "the erasure");
        await WaitForProjections();
        (await Host.Send(Clinic, "GET", "/api/v1/assistant/search?q=sofa+sciatica", null, 200))!.AsArray()
            .ShouldNotContain(h => h!["patientId"] != null && h["patientId"]!.GetValue<string>() == sciatica.ToString());
        await using var session = Store.QuerySession(Clinic.Id.ToString());
        (await session.Query<KnowledgeChunk>().Where(c => c.PatientId == sciatica).CountAsync()).ShouldBe(0);
        (await Host.Send(Clinic, "GET", $"/api/v1/consultations?patientId={sciatica}", null, 200))!["items"]![0]!["speakers"]!.AsArray()
            .Select(s => s!.GetValue<string>()).ShouldBe(["[erased]"]);
    }
}
