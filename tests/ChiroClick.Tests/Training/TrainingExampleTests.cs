using System.Text.Json;
using ChiroClick.Api.Training;
using ChiroClick.Domain.Ai;
using ChiroClick.Projections.Training;
using ChiroClick.Projections.Training.Anonymisation;
using ChiroClick.Tests.Infrastructure;
using JasperFx.Events.Daemon;
using Microsoft.Extensions.DependencyInjection;
using static ChiroClick.Tests.Training.TrainingScenarios;

namespace ChiroClick.Tests.Training;

public class TrainingExampleTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private const string Prompt = "Pasient Kari Nordmann (fnr 13055801432, tlf 914 54 925), Kvinne, 47 år. Karis smerter i L4/L5 siden 12.01.2026, VAS 7/10.";
    private const string Output = "S: Kari har korsryggsmerter i 3 uker. O: Fleksjon 30°. A: L03. P: Kontroll 19. januar 2026.";

    [Fact]
    public async Task Accepted_modified_and_rejected_suggestions_become_anonymised_sft_and_dpo_examples()
    {
        var patient = await RegisterPatientAsync(Store, Clinic.Id, "Kari Nordmann");
        var accepted = await SuggestAsync(Store, Clinic.Id, patient, Prompt, Output, Accepted, confidence: 0.8);
        var modified = await SuggestAsync(Store, Clinic.Id, patient, Prompt, Output, Modified("S: Kari Nordmann har korsryggsmerter. A: L86."), variant: "b");
        var rejectedWith = await SuggestAsync(Store, Clinic.Id, patient, Prompt, Output, Rejected("A: L84 ryggsyndrom uten utstråling."));
        var rejectedWithout = await SuggestAsync(Store, Clinic.Id, patient, Prompt, Output, Rejected(null));
        var undecided = await SuggestAsync(Store, Clinic.Id, patient, Prompt, Output);
        await WaitForProjections();

        await using var session = Store.QuerySession(Clinic.Id.ToString());
        var sft = await session.LoadAsync<SftExample>(accepted);
        sft.ShouldNotBeNull();
        sft.Line.Messages.Select(m => m.Role).ShouldBe(["system", "user", "assistant"]);
        sft.Line.Messages[1].Content.ShouldBe("Pasient Pasient (fnr [FNUMMER], tlf [TELEFON]), Kvinne, 40–49 år. Pasientens smerter i L4/L5 siden [DATO], VAS 7/10.");
        sft.Line.Messages[2].Content.ShouldBe("S: Pasient har korsryggsmerter i 3 uker. O: Fleksjon 30°. A: L03. P: Kontroll [DATO].");
        sft.Line.Metadata.ShouldBe(new TrainingMetadata
        {
            Task = "soap_norwegian", CorrectionType = "accepted_as_is", Confidence = 0.8, Model = "chiro-norwegian", Variant = null, AgeRange = "40–49",
        });
        sft.AnonymiserVersion.ShouldBe(Anonymiser.Version);

        var modifiedSft = await session.LoadAsync<SftExample>(modified);
        modifiedSft!.Line.Messages[2].Content.ShouldBe("S: Pasient har korsryggsmerter. A: L86.");
        modifiedSft.Line.Metadata.CorrectionType.ShouldBe("minor_edit");
        modifiedSft.Line.Metadata.Variant.ShouldBe("b");
        var modifiedDpo = await session.LoadAsync<DpoExample>(modified);
        modifiedDpo!.Line.Chosen.ShouldBe("S: Pasient har korsryggsmerter. A: L86.");
        modifiedDpo.Line.Rejected.ShouldBe("S: Pasient har korsryggsmerter i 3 uker. O: Fleksjon 30°. A: L03. P: Kontroll [DATO].");
        modifiedDpo.Line.Prompt.ShouldStartWith("Pasient Pasient (fnr [FNUMMER]");
        modifiedDpo.Line.Metadata.System.ShouldBe(SystemPrompt);

        (await session.LoadAsync<SftExample>(rejectedWith)).ShouldBeNull();
        var rejectedDpo = await session.LoadAsync<DpoExample>(rejectedWith);
        rejectedDpo!.Line.Chosen.ShouldBe("A: L84 ryggsyndrom uten utstråling.");
        rejectedDpo.Line.Metadata.CorrectionType.ShouldBe("rejected");

        (await session.LoadAsync<SftExample>(rejectedWithout)).ShouldBeNull();
        (await session.LoadAsync<DpoExample>(rejectedWithout)).ShouldBeNull();
        (await session.LoadAsync<SftExample>(undecided)).ShouldBeNull();

        // The decision's event sequence is kept for watermarks, and is above the generated event's.
        var events = await session.Events.FetchStreamAsync(accepted);
        sft.Sequence.ShouldBe(events[1].Sequence);
    }

    [Fact]
    public async Task Practitioners_known_from_visits_become_Behandler()
    {
        var patient = await RegisterPatientAsync(Store, Clinic.Id, "Per Hansen");
        await using (var session = Store.LightweightSession(Clinic.Id.ToString()))
        {
            session.Events.Append(patient, 2, new ChiroClick.Domain.Patients.VisitCompleted(patient, Guid.NewGuid(),
                new DateTimeOffset(2026, 1, 12, 10, 0, 0, TimeSpan.Zero), "Ingrid Solberg", ["L03"], "Manipulasjon"));
            await session.SaveChangesAsync();
        }
        var id = await SuggestAsync(Store, Clinic.Id, patient, "Per ble behandlet av Ingrid Solberg.", "Ingrid Solbergs vurdering: L03.", Accepted);
        await WaitForProjections();

        await using var query = Store.QuerySession(Clinic.Id.ToString());
        var sft = await query.LoadAsync<SftExample>(id);
        sft!.Line.Messages[1].Content.ShouldNotContain("Ingrid");
        sft.Line.Messages[1].Content.ShouldContain("Behandler");
        sft.Line.Messages[2].Content.ShouldNotContain("Solberg");
        sft.Line.Messages[2].Content.ShouldContain("L03");
    }

    [Fact]
    public async Task A_decision_in_a_later_batch_finds_its_draft_and_names_registered_since()
    {
        var id = await SuggestAsync(Store, Clinic.Id, null, "Notat om Per Hansen, 0047 91454925.", "Per Hansen har vondt.");
        await WaitForProjections();
        await RegisterPatientAsync(Store, Clinic.Id, "Per Hansen");
        await using (var session = Store.LightweightSession(Clinic.Id.ToString()))
        {
            session.Events.Append(id, 2, new AiSuggestionAccepted(id, 100));
            await session.SaveChangesAsync();
        }
        await WaitForProjections();

        await using var query = Store.QuerySession(Clinic.Id.ToString());
        var sft = await query.LoadAsync<SftExample>(id);
        sft!.Line.Messages[1].Content.ShouldBe("Notat om Pasient, [TELEFON].");
        sft.Line.Messages[2].Content.ShouldBe("Pasient har vondt.");
    }

    [Fact]
    public async Task Export_endpoint_streams_valid_json_lines_with_counts_in_headers()
    {
        var patient = await RegisterPatientAsync(Store, Clinic.Id, "Kari Nordmann");
        await SuggestAsync(Store, Clinic.Id, patient, Prompt, Output, Accepted);
        await SuggestAsync(Store, Clinic.Id, patient, Prompt + " Linje to.\nLinje tre.", Output, Modified("Ny tekst\nmed linjeskift.", FeedbackKind.MajorEdit));
        await SuggestAsync(Store, Clinic.Id, patient, Prompt, Output, Rejected("Bedre svar."));
        await WaitForProjections();

        var sft = await As(s =>
        {
            s.Get.Url("/api/v1/training/export?kind=sft");
            s.StatusCodeShouldBe(200);
        });
        sft.Context.Response.ContentType!.ShouldStartWith("application/jsonl");
        sft.Context.Response.Headers["X-Training-Count"].ToString().ShouldBe("2");
        sft.Context.Response.Headers["X-Anonymiser-Version"].ToString().ShouldBe(Anonymiser.Version);
        var body = sft.ReadAsText();
        body.ShouldEndWith("\n");
        var lines = body.Split('\n')[..^1];
        lines.Length.ShouldBe(2);
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            doc.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(["messages", "metadata"]);
            doc.RootElement.GetProperty("metadata").EnumerateObject().Select(p => p.Name)
                .ShouldBe(["source", "task", "correction_type", "confidence", "model", "variant", "age_range"]);
            line.ShouldNotContain("Kari");
            line.ShouldNotContain(Clinic.Id.ToString());
        }

        var dpo = await As(s =>
        {
            s.Get.Url("/api/v1/training/export?kind=dpo");
            s.StatusCodeShouldBe(200);
        });
        dpo.Context.Response.Headers["X-Training-Count"].ToString().ShouldBe("2");
        var dpoLines = dpo.ReadAsText().Split('\n')[..^1];
        dpoLines.Length.ShouldBe(2);
        using (var first = JsonDocument.Parse(dpoLines[0]))
        {
            first.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(["prompt", "chosen", "rejected", "metadata"]);
            first.RootElement.GetProperty("chosen").GetString().ShouldBe("Ny tekst\nmed linjeskift.");
            first.RootElement.GetProperty("metadata").GetProperty("system").GetString().ShouldBe(SystemPrompt);
        }

        var watermark = long.Parse(dpo.Context.Response.Headers["X-Training-Watermark"].ToString());
        var none = await As(s =>
        {
            s.Get.Url($"/api/v1/training/export?kind=dpo&since={watermark}");
            s.StatusCodeShouldBe(200);
        });
        none.Context.Response.Headers["X-Training-Count"].ToString().ShouldBe("0");
        none.ReadAsText().ShouldBe("");

        foreach (var bad in new[] { "kind=csv", "kind=sft&since=-1", "kind=sft&since=abc", "" })
            await As(s =>
            {
                s.Get.Url("/api/v1/training/export?" + bad);
                s.StatusCodeShouldBe(400);
            });
    }

    [Fact]
    public async Task Stats_count_pending_examples_by_task_and_correction_type()
    {
        await SuggestAsync(Store, Clinic.Id, null, "a", "b", Accepted);
        await SuggestAsync(Store, Clinic.Id, null, "c", "d", Accepted);
        await SuggestAsync(Store, Clinic.Id, null, "e", "f", Modified("g"), task: AiTask.Diagnosis);
        await WaitForProjections();

        var result = await As(s =>
        {
            s.Get.Url("/api/v1/training/export/stats");
            s.StatusCodeShouldBe(200);
        });
        var stats = result.ReadAsJson<TrainingStats>()!;
        stats.AnonymiserVersion.ShouldBe(Anonymiser.Version);
        stats.LastWatermark.ShouldBe(0);
        stats.PendingSft.ShouldBe(3);
        stats.PendingDpo.ShouldBe(1);
        stats.ByTask.ShouldBe([
            new TrainingStatsRow("diagnosis", "minor_edit", 1, 1),
            new TrainingStatsRow("soap_norwegian", "accepted_as_is", 2, 0),
        ]);
    }

    [Fact]
    public async Task Rebuilding_the_projection_reproduces_the_examples()
    {
        var patient = await RegisterPatientAsync(Store, Clinic.Id, "Kari Nordmann");
        var id = await SuggestAsync(Store, Clinic.Id, patient, Prompt, Output, Modified("Kari er bedre."));
        await WaitForProjections();

        var coordinator = Host.Services.GetRequiredService<IProjectionCoordinator>();
        await coordinator.PauseAsync();
        try
        {
            using var daemon = await Store.BuildProjectionDaemonAsync();
            await daemon.RebuildProjectionAsync(TrainingExampleProjection.Name, TimeSpan.FromMinutes(2), CancellationToken.None);
        }
        finally
        {
            await coordinator.ResumeAsync();
        }
        await WaitForProjections();

        await using var session = Store.QuerySession(Clinic.Id.ToString());
        (await session.LoadAsync<SftExample>(id))!.Line.Messages[2].Content.ShouldBe("Pasient er bedre.");
        (await session.LoadAsync<DpoExample>(id))!.Line.Chosen.ShouldBe("Pasient er bedre.");
    }
}
