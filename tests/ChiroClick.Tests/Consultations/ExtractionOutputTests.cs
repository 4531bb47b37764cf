using System.Text.Json;
using ChiroClick.AiGateway.Structured;
using ChiroClick.Api.Consultations;
using ChiroClick.Domain.Ai;
using ChiroClick.Domain.Consultations;

namespace ChiroClick.Tests.Consultations;

public sealed class ExtractionOutputTests
{
    public const string Answer = """
        {"soap":{"subjective":"Vondt i korsryggen siden mandag, stråler til venstre lår.","objective":"Nedsatt fleksjon, negativ SLR.",
        "assessment":"Lumbago uten nerverotaffeksjon.","plan":"Manipulasjon L4-L5, øvelser."},
        "diagnoses":[{"code":"l03","title":"Korsrygg","confidence":1.7},{"code":"Q99","title":"Oppdiktet","confidence":0.9},{"code":"L03","title":"dup","confidence":0.2}],
        "redFlags":[{"flag":"Nummenhet i setet","severity":"HIGH","evidence":"pasienten nevner nummenhet"},{"flag":"x","severity":"extreme","evidence":""}],
        "followUp":{"inDays":14,"reason":"Kontroll av korsrygg"},
        "tasks":[{"title":"Send øvelsesark","dueInDays":1},{"title":"","dueInDays":2},{"title":"Ring pasienten","dueInDays":900}],
        "exercises":["Kattekamel 10 ganger", "  "],"confidence":0.8}
        """;

    [Fact]
    public void the_schema_requires_every_field_and_allows_a_null_follow_up()
    {
        var schema = StructuredOutputs.SchemaFor(AiTask.ConsultationExtraction)!;
        schema["required"]!.AsArray().Select(n => n!.GetValue<string>())
            .ShouldBe(["soap", "diagnoses", "redFlags", "followUp", "tasks", "exercises", "confidence"]);
        schema["properties"]!["followUp"]!["type"]!.ToJsonString().ShouldBe("""["object","null"]""");
        schema["properties"]!["redFlags"]!["items"]!["properties"]!["severity"]!["enum"]!.ToJsonString().ShouldBe("""["low","moderate","high"]""");
    }

    [Fact]
    public void validation_keeps_official_icpc2_codes_and_drops_the_rest()
    {
        var result = StructuredOutputs.Validate(AiTask.ConsultationExtraction, Answer);
        result.DroppedCodes.ShouldBe(["Q99"]);
        result.Dropped.ShouldBe(3); // Q99, the flag of unknown severity, the task without a title
        var e = ExtractionOutput.TryParse(result.Json)!;
        e.Diagnoses.ShouldBe([new ExtractedDiagnosis("L03", Icpc2Codes.TitleOf("L03")!, 1.0)]);
        e.RedFlags.ShouldBe([new ExtractedRedFlag("Nummenhet i setet", "high", "pasienten nevner nummenhet")]);
        e.FollowUp.ShouldBe(new FollowUpPlan(14, "Kontroll av korsrygg"));
        e.Tasks.ShouldBe([new ExtractedTask("Send øvelsesark", 1), new ExtractedTask("Ring pasienten", 365)]);
        e.Exercises.ShouldBe(["Kattekamel 10 ganger"]);
        result.Confidence.ShouldBe(0.8);
        JsonDocument.Parse(result.Json).RootElement.GetProperty("soap").GetProperty("plan").GetString().ShouldBe("Manipulasjon L4-L5, øvelser.");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"diagnoses":[]}""")]
    public void an_answer_without_a_soap_note_is_unusable(string answer) =>
        Should.Throw<JsonException>(() => StructuredOutputs.Validate(AiTask.ConsultationExtraction, answer));

    [Fact]
    public void a_follow_up_outside_a_year_is_dropped_and_null_is_kept()
    {
        ExtractionOutput.TryParse("""{"soap":{},"followUp":{"inDays":0,"reason":"x"}}""")!.FollowUp.ShouldBeNull();
        ExtractionOutput.TryParse("""{"soap":{},"followUp":null}""")!.FollowUp.ShouldBeNull();
    }

    [Fact]
    public void a_text_correction_replaces_the_note_and_keeps_the_drafts_codes_and_tasks()
    {
        var draft = StructuredOutputs.Validate(AiTask.ConsultationExtraction, Answer).Json;
        var e = ApplyExtractionHandler.Read(draft, "S: Vondt i ryggen.\nO: Normal gange.\nVurdering: Lumbago.\nP: Øvelser.")!;
        e.Soap.ShouldBe(new SoapNote("Vondt i ryggen.", "Normal gange.", "Lumbago.", "Øvelser."));
        e.Diagnoses.Single().Code.ShouldBe("L03");
        e.Tasks.Count.ShouldBe(2);
        ApplyExtractionHandler.Read(draft, "Bare fritekst")!.Soap.ShouldBe(new SoapNote("", "", "Bare fritekst", ""));
        ApplyExtractionHandler.Read(draft, """{"soap":{"plan":"Ny plan"},"tasks":[]}""")!.Tasks.ShouldBeEmpty();
    }
}
