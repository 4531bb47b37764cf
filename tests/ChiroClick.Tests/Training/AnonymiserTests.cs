using ChiroClick.Projections.Training.Anonymisation;

namespace ChiroClick.Tests.Training;

public class AnonymiserTests
{
    private static readonly Anonymiser A = Anonymiser.Default;
    private static readonly KnownNames Names = new(["Per Hansen", "Kari Nordmann"], ["Ola Behandlersen"]);

    [Theory]
    [InlineData("Fnr 13055801432 ok", "Fnr [FNUMMER] ok")]
    [InlineData("fnr: 130558 01432.", "fnr: [FNUMMER].")]
    [InlineData("f.nr 310928-11286", "f.nr [FNUMMER]")]
    [InlineData("D-nummer 41018012345", "D-nummer [FNUMMER]")]
    [InlineData("syntetisk 30908299902", "syntetisk [FNUMMER]")]
    [InlineData("Ring +47 914 54 925 i dag", "Ring [TELEFON] i dag")]
    [InlineData("tlf 0047 91454925", "tlf [TELEFON]")]
    [InlineData("tlf 91454925, mob 91 45 49 25 eller 2212 3456", "tlf [TELEFON], mob [TELEFON] eller [TELEFON]")]
    [InlineData("e-post kari.nordmann@example.no.", "e-post [EPOST].")]
    [InlineData("Sist sett 12.01.2026 og 2026-01-12, 12/1-26", "Sist sett [DATO] og [DATO], [DATO]")]
    [InlineData("Time 12. januar 2026, kontroll i januar 2026.", "Time [DATO], kontroll i [DATO].")]
    [InlineData("Seen on January 12, 2026 and 9/28/1994.", "Seen on [DATO] and [DATO].")]
    [InlineData("Kontroll 12.01. kl. 14.30. Født 13.05.79, sist sett 3rd of May 2026.", "Kontroll [DATO] kl. 14.30. Født [DATO], sist sett [DATO].")]
    // The signature after "Mvh" is masked too: a clinic's name must not leave the clinic either.
    [InlineData("Hei Ingrid, husk timen. Mvh Kiropraktor Nord", "Hei Pasient, husk timen. Mvh Behandler")]
    [InlineData("Adresse: Glynitveien 218, 1400 Ski.", "Adresse: [ADRESSE].")]
    [InlineData("Pasienten bor i Nedre Tverrstredet 238 sammen med mor.", "Pasienten bor i [ADRESSE] sammen med mor.")]
    [InlineData("Sendt til Dronning Åsas vei 192.", "Sendt til [ADRESSE].")]
    [InlineData("Kvinne, 47 år, med korsryggsmerter i 3 år.", "Kvinne, 40–49 år, med korsryggsmerter i 3 år.")]
    [InlineData("A 47-year-old female.", "A 40–49-year-old female.")]
    public void Replaces_identities(string input, string expected) => A.Clean(input).ShouldBe(expected);

    [Theory]
    [InlineData("Per Hansen har vondt i ryggen. Pers smerter er verst om morgenen.", "Pasient har vondt i ryggen. Pasientens smerter er verst om morgenen.")]
    [InlineData("Kari ble behandlet av Ola Behandlersen.", "Pasient ble behandlet av Behandler.")]
    [InlineData("Henvist fra fastlege Harwin Galesloot.", "Henvist fra fastlege Behandler.")]
    [InlineData("Mr. Kempers reports pain.", "Mr. Pasient reports pain.")]
    [InlineData("Ingrid Johansen møtte til kontroll.", "Pasient møtte til kontroll.")]
    [InlineData("Johansens nakke er bedre. Diagnosen og prognosen er uendret.", "Pasientens nakke er bedre. Diagnosen og prognosen er uendret.")]
    public void Replaces_names(string input, string expected) => A.Clean(input, Names).ShouldBe(expected);

    [Theory]
    [InlineData("L03 korsryggsmerter, L86 prolaps. Funn C5–C6, L4/L5 og Th4, T12-L1.")]
    [InlineData("Fleksjon 30°, 5 mm, BT 120/80 mmHg, VAS 7/10, NRS 4/10.")]
    [InlineData("Smerter i 3 uker, Ibux 400 mg x 3 i 5 dager, paracet 1 g.")]
    [InlineData("Lasègue positiv ved 45°, reflekser symmetriske.")]
    public void Leaves_clinical_content_alone(string input) => A.Clean(input, Names).ShouldBe(input);

    [Theory]
    [InlineData("Sist sett March 3. 2019, før det 3. mars 2019.", "Sist sett [DATO], før det [DATO].")]
    [InlineData("Seen 3 March 2019 and March 3, 2019; again 3rd of March 2019.", "Seen [DATO] and [DATO]; again [DATO].")]
    [InlineData("Kontroll 05.07.14 og 5/7-14, skadet 3.desember 1966 og mars -19.", "Kontroll [DATO] og [DATO], skadet [DATO] og [DATO].")]
    [InlineData("Time 24. June 1937 og 3. jan. 2019, Sept. 3, 2019.", "Time [DATO] og [DATO], [DATO].")]
    [InlineData("tlf 01234567, mobil: 123 45 678, ring 1234 5678", "tlf [TELEFON], mobil: [TELEFON], ring [TELEFON]")]
    [InlineData("Kontakt (+47) 91 45 49 25 eller +47-914-54-925 eller 0047 9145 4925.", "Kontakt [TELEFON] eller [TELEFON] eller [TELEFON].")]
    [InlineData("Datter Kari Nordmann 01234567 kan ringes.", "Datter Pasient [TELEFON] kan ringes.")]
    public void Replaces_new_date_and_phone_forms(string input, string expected) => A.Clean(input, Names).ShouldBe(expected);

    [Theory]
    [InlineData("Pasienten bor i Tromsø og jobber i Mo i Rana.", "Pasienten bor i [STED] og jobber i [STED].")]
    [InlineData("Flyttet fra Isebakke til Kleppe/Verdalen i fjor.", "Flyttet fra [STED] til [STED]/[STED] i fjor.")]
    [InlineData("She lives in Bergen and grew up in Skjønhaug.", "She lives in [STED] and grew up in [STED].")]
    [InlineData("Innlagt på Haukeland universitetssykehus, nevrologisk avdeling, i Bergen.", "Innlagt på [INSTITUSJON], i [STED].")]
    [InlineData("Henvist fra Bryn legesenter til Sykehuset Innlandet, Gjøvik.", "Henvist fra [INSTITUSJON] til [INSTITUSJON].")]
    // After a care verb the whole list is one institution span.
    [InlineData("Utredet ved Ullevål og Rikshospitalet, senere Ahus.", "Utredet ved [INSTITUSJON], senere [INSTITUSJON].")]
    [InlineData("Behandlingen startet på Ullevål og fortsatte på Rikshospitalet.", "Behandlingen startet på [INSTITUSJON] og fortsatte på [INSTITUSJON].")]
    [InlineData("Admitted to St. Olav's Hospital, Department of Neurology.", "Admitted to [INSTITUSJON].")]
    [InlineData("Kontroll på Nordlandssykehuset og Lillestrømklinikken, deretter Bodø legevakt.", "Kontroll på [INSTITUSJON], deretter [INSTITUSJON].")]
    [InlineData("Innlagt på Veslelien 12.01.2026.", "Innlagt på [INSTITUSJON] [DATO].")]
    public void Replaces_places_and_institutions(string input, string expected) => A.Clean(input, Names).ShouldBe(expected);

    [Theory]
    // Ordinary words that are also places stay where nothing says "place"; clinical eponyms stay everywhere.
    [InlineData("Sand i skoene. Time hos kiropraktor. Hell på bakken, ski på fjellet.")]
    [InlineData("Holter-EKG normal, smerter i Achilles, Lasègue negativ, Ibux ved behov, VAS 7/10 i 3 uker.")]
    [InlineData("Kiropraktorklinikken har kveldsåpent; fysioterapi på klinikken to ganger i uka.")]
    public void Leaves_ordinary_words_alone(string input) => A.Clean(input, Names).ShouldBe(input);
}
