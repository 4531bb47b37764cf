using ChiroClick.Api.Common;
using ChiroClick.Domain.Patients;
using ChiroClick.Projections.Patients;
using ChiroClick.Tests.Infrastructure;

namespace ChiroClick.Tests.Patients;

public sealed class PatientTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private static IEnumerable<(string Number, bool Valid)> FnrVectors() =>
        File.ReadLines(Path.Combine(AppFixture.RepositoryRoot(), "..", "shared", "data", "fnr", "fnr_test_vectors.csv")).Skip(1)
            .Select(l => l.Split(','))
            .Select(f => (f[0], f[1] == "true"));

    [Fact]
    public async Task registering_a_patient_starts_a_stream_and_reads_back_normalised()
    {
        var created = await Host.RegisteredPatient(Clinic, phone: "0047 99887766");

        created.Stage.ShouldBe(LifecycleStage.New);
        var patient = await Host.Patient(Clinic, created.Id);
        patient.Phone.ShouldBe("+4799887766");
        patient.Version.ShouldBe(1);
        patient.Stage.ShouldBe(LifecycleStage.New);
        await using var session = Store.QuerySession(Clinic.Id.ToString());
        var events = await session.Events.FetchStreamAsync(created.Id);
        events.Single().Data.ShouldBeOfType<PatientRegistered>().FullName.ShouldBe("Ola Nordmann");
        events.Single().UserName.ShouldBe(Clinic.User);
    }

    [Theory]
    [InlineData("+47 99 88 77 66")]
    [InlineData("99887766")]
    [InlineData("0047 99887766")]
    public async Task caller_id_lookup_matches_any_spelling_of_the_number(string spelling)
    {
        var kari = await Host.RegisteredPatient(Clinic, "Kari", phone: "99 88 77 66");
        await Host.RegisteredPatient(Clinic, "Per", phone: "+47 41 23 45 67");

        var page = await Host.GetJson<Paged<PatientSummary>>(Clinic, "/api/v1/patients?phone=" + Uri.EscapeDataString(spelling));

        page.Items.Select(p => p.Id).ShouldBe([kari.Id]);
    }

    [Fact]
    public async Task an_invalid_phone_lookup_is_400()
    {
        await As(s => { s.Get.Url("/api/v1/patients?phone=12"); s.StatusCodeShouldBe(400); });
    }

    [Fact]
    public async Task fodselsnummer_vectors_are_accepted_or_refused_with_400()
    {
        var vectors = FnrVectors().ToList();
        var valid = vectors.Where(v => v.Valid).Take(4).ToList();
        var invalid = vectors.Where(v => !v.Valid).Take(6).ToList();
        valid.Count.ShouldBeGreaterThan(0);
        invalid.Count.ShouldBeGreaterThan(0);
        foreach (var (number, _) in valid) await Host.RegisteredPatient(Clinic, "Gyldig", fnr: number);
        foreach (var (number, _) in invalid)
        {
            var result = await As(s =>
            {
                s.Post.Json(new { fullName = "Ugyldig", nationalIdentityNumber = number }).ToUrl("/api/v1/patients");
                s.StatusCodeShouldBe(400);
            });
            (await result.ReadAsTextAsync()).ShouldContain("nationalIdentityNumber");
        }
        (await Host.GetJson<Paged<PatientSummary>>(Clinic, "/api/v1/patients?q=Ugyldig")).TotalCount.ShouldBe(0);
    }

    [Fact]
    public async Task bad_registrations_are_400_and_append_nothing()
    {
        await As(s => { s.Post.Json(new { phone = "99887766" }).ToUrl("/api/v1/patients"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Json(new { fullName = "X", email = "not-mail" }).ToUrl("/api/v1/patients"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Json(new { fullName = "X", birthDate = "2999-01-01" }).ToUrl("/api/v1/patients"); s.StatusCodeShouldBe(400); });
        (await Host.GetJson<Paged<PatientSummary>>(Clinic, "/api/v1/patients")).TotalCount.ShouldBe(0);
    }

    [Fact]
    public async Task updating_details_needs_the_current_version()
    {
        var created = await Host.RegisteredPatient(Clinic);

        await As(s => { s.Put.Json(new { expectedVersion = 7, fullName = "Ny" }).ToUrl($"/api/v1/patients/{created.Id}"); s.StatusCodeShouldBe(409); });
        await As(s => { s.Put.Json(new { fullName = "Ny" }).ToUrl($"/api/v1/patients/{created.Id}"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Put.Json(new { expectedVersion = 1, nationalIdentityNumber = "12345678901" }).ToUrl($"/api/v1/patients/{created.Id}"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Put.Json(new { expectedVersion = 1, phone = "+47 41 23 45 67" }).ToUrl($"/api/v1/patients/{created.Id}"); s.StatusCodeShouldBe(200); });

        var patient = await Host.Patient(Clinic, created.Id);
        patient.Phone.ShouldBe("+4741234567");
        patient.Version.ShouldBe(2);
        patient.FullName.ShouldBe("Ola Nordmann");
    }

    [Fact]
    public async Task visits_are_listed_in_time_order_and_move_the_patient_to_active()
    {
        var created = await Host.RegisteredPatient(Clinic);
        var now = Fixture.Clock.GetUtcNow();

        var later = await Host.Visited(Clinic, created.Id, now.AddDays(-2), ["l03", "L84"]);
        await Host.Visited(Clinic, created.Id, now.AddDays(-9));

        later.Stage.ShouldBe(LifecycleStage.Active);
        var visits = await Host.GetJson<List<VisitEntry>>(Clinic, $"/api/v1/patients/{created.Id}/visits");
        visits.Count.ShouldBe(2);
        visits[0].CompletedAt.ShouldBe(now.AddDays(-9), TimeSpan.FromMilliseconds(1));
        visits[1].Icpc2Codes.ShouldBe(["L03", "L84"]);
        visits[1].Practitioner.ShouldBe("Kari Kiropraktor");
        var patient = await Host.Patient(Clinic, created.Id);
        patient.VisitCount.ShouldBe(2);
        patient.Stage.ShouldBe(LifecycleStage.Active);
        patient.LastVisitAt!.Value.ShouldBe(now.AddDays(-2), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task bad_visits_are_400_and_unknown_or_foreign_patients_404()
    {
        var created = await Host.RegisteredPatient(Clinic);
        await As(s => { s.Post.Json(new { completedAt = DateTimeOffset.UtcNow.AddDays(3) }).ToUrl($"/api/v1/patients/{created.Id}/visits"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Json(new { icpc2Codes = new[] { "back pain" } }).ToUrl($"/api/v1/patients/{created.Id}/visits"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Json(new { }).ToUrl($"/api/v1/patients/{Guid.NewGuid()}/visits"); s.StatusCodeShouldBe(404); });
        await As(s => { s.Get.Url($"/api/v1/patients/{Guid.NewGuid()}"); s.StatusCodeShouldBe(404); });

        var other = await Fixture.NewClinicAsync("Other");
        await As(s => { s.Get.Url($"/api/v1/patients/{created.Id}"); s.StatusCodeShouldBe(404); }, other);
        await As(s => { s.Get.Url($"/api/v1/patients/{created.Id}/visits"); s.StatusCodeShouldBe(404); }, other);
        await As(s => { s.Post.Json(new { }).ToUrl($"/api/v1/patients/{created.Id}/visits"); s.StatusCodeShouldBe(404); }, other);
        (await Host.Patient(Clinic, created.Id)).VisitCount.ShouldBe(0);
    }

    [Fact]
    public async Task converting_a_lead_registers_a_patient_readable_through_the_patient_api()
    {
        var lead = await Leads.LeadScenarios.CapturedLead(Host, Clinic);
        var conversion = await Leads.LeadScenarios.ConvertedLead(Host, Clinic, lead.Id);

        var patient = await Host.Patient(Clinic, conversion.PatientId);
        patient.FromLeadId.ShouldBe(lead.Id);
        patient.Phone.ShouldBe("+4799887766");
    }
}
