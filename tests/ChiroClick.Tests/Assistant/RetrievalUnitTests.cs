using ChiroClick.Api.Assistant;
using ChiroClick.Api.Assistant.Retrieval;
using ChiroClick.Domain.Assistant;
using ChiroClick.Projections.Assistant;

namespace ChiroClick.Tests.Assistant;

public sealed class RetrievalUnitTests
{
    [Fact]
    public void reciprocal_rank_fusion_adds_1_over_k_plus_rank_per_list()
    {
        var fused = HybridRetriever.Fuse(["a", "b", "c"], ["c", "d", "a"], 60).ToList();
        fused.Select(f => f.Id).ShouldBe(["a", "c", "b", "d"]);
        fused[0].Score.ShouldBe(1.0 / 61 + 1.0 / 63, 1e-12);
        fused[1].Score.ShouldBe(1.0 / 63 + 1.0 / 61, 1e-12); // tie with a: a's best single rank is lexical 1, c's is vector 1 → id order
        (fused[2].LexicalRank, fused[2].VectorRank).ShouldBe((2, null));
        (fused[3].LexicalRank, fused[3].VectorRank).ShouldBe((null, 2));
        HybridRetriever.Fuse([], ["x", "y"], 60).Select(f => f.Id).ShouldBe(["x", "y"]);
    }

    [Fact]
    public void chunks_are_about_400_words_overlapping_by_80_and_keep_the_text()
    {
        var words = Enumerable.Range(0, 1000).Select(i => $"w{i}").ToList();
        var text = string.Join(" ", words.Take(500)) + "\n\n" + string.Join(" ", words.Skip(500));
        var chunks = TextChunker.Chunk(text);
        chunks.Count.ShouldBe(3);
        chunks[0].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(400);
        chunks[1].ShouldStartWith("w320 ");
        chunks[1].ShouldContain("w499\n\nw500");
        chunks[2].ShouldStartWith("w640 ");
        chunks[2].ShouldEndWith("w999"); // the 40-word remainder joins the last chunk
        TextChunker.Chunk(string.Join(" ", words.Take(470))).Count.ShouldBe(1);
        TextChunker.Chunk("  \n ").ShouldBeEmpty();
    }

    [Fact]
    public void a_source_text_becomes_chunks_with_stable_ids_and_the_title_first()
    {
        var id = Guid.NewGuid();
        var chunks = KnowledgeChunkProjection.Cut(new SourceText(KnowledgeSourceType.ClinicDocument, id, null, "Priser", "Konsultasjon 650 kr.",
            DateTimeOffset.UnixEpoch)).ToList();
        chunks.Single().Id.ShouldBe(KnowledgeChunk.IdOf(id, 0));
        chunks.Single().Text.ShouldBe("Priser\nKonsultasjon 650 kr.");
        chunks.Single().Clinical.ShouldBeFalse();
        ChunkSources.All.Select(s => s.GetType().Name).ShouldBe(["ClinicDocumentSource", "ConsultationSource", "VisitNoteSource"]);
    }

    [Fact]
    public void scope_keeps_clinical_sources_from_other_roles_and_other_patients_out()
    {
        var p = Guid.NewGuid();
        var frontDesk = new RetrievalScope("t", false, null);
        frontDesk.Allows(clinical: true, p).ShouldBeFalse();
        frontDesk.Allows(clinical: false, null).ShouldBeTrue();
        var onePatient = new RetrievalScope("t", true, p);
        onePatient.Allows(true, p).ShouldBeTrue();
        onePatient.Allows(true, Guid.NewGuid()).ShouldBeFalse();
        onePatient.Allows(false, null).ShouldBeTrue();
    }

    [Fact]
    public void citations_are_read_from_bracketed_numbers_of_sources_shown()
    {
        var shown = Enumerable.Range(1, 3).Select(n => new ChatSource(n, KnowledgeSourceType.VisitNote, Guid.NewGuid(), null, $"c{n}", "s")).ToList();
        ChatSupport.Cited("Øvelser [1]. Pris [2, 3][7].", shown).Select(s => s.Number).ShouldBe([1, 2, 3]);
        ChatSupport.Cited("Journalene sier ikke noe om det.", shown).ShouldBeEmpty();
    }

    [Fact]
    public void snippets_start_near_the_first_query_word()
    {
        var text = string.Join(" ", Enumerable.Repeat("fyll", 200)) + " nakkesmerter etter fall " + string.Join(" ", Enumerable.Repeat("ord", 200));
        var snippet = Snippets.Around(text, "hva med nakkesmerter?", 120);
        snippet.ShouldStartWith("…");
        snippet.ShouldContain("nakkesmerter etter fall");
        snippet.Length.ShouldBeLessThanOrEqualTo(122);
        Snippets.Around("kort tekst", "x", 120).ShouldBe("kort tekst");
    }
}
