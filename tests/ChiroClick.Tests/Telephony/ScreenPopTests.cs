using System.Net;
using ChiroClick.Api.Audit;
using ChiroClick.Domain.Clinics;
using ChiroClick.Tests.Access;
using ChiroClick.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChiroClick.Tests.Telephony;

/// <summary>The caller-ID screen pop: the right caller, only to its own clinic, updates, reconnection, heartbeats, access log.</summary>
public sealed class ScreenPopTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task A_ringing_webhook_pushes_the_patient_of_a_differently_spelled_number_to_its_clinics_stream_and_to_no_other()
    {
        var number = TelephonyScenarios.NewNumber();
        var kari = await Host.Patient(Clinic, "Kari Nordmann", number.Spaced);
        var other = await Fixture.NewClinicAsync("Annen klinikk");
        // The other clinic has a patient with the very same number: it must still see nothing of this clinic's call.
        await Host.Patient(other, "Kari i annen klinikk", number.E164);
        var frontDesk = await Host.IssuedKey(Clinic, "resepsjon", KeyRole.FrontDesk);

        await using var mine = await ScreenPopClient.OpenAsync(Host.Server.CreateClient(), frontDesk.Key);
        await using var theirs = await ScreenPopClient.OpenAsync(Host, other);
        mine.Status.ShouldBe(HttpStatusCode.OK);
        mine.ContentType.ShouldBe("text/event-stream");

        var callId = "pbx-" + Guid.NewGuid().ToString("N");
        var recorded = await Host.SignedCallEvent(Clinic, TelephonyScenarios.Body(callId, "ringing", number.Zeros));
        recorded["match"]!.GetValue<string>().ShouldBe("patient");

        var call = await mine.NextAsync(e => e.Event == "call");
        long.Parse(call.Id!).ShouldBeGreaterThan(0);
        var data = call.Json;
        data["callId"]!.GetValue<string>().ShouldBe(callId);
        data["from"]!.GetValue<string>().ShouldBe(number.E164);
        data["direction"]!.GetValue<string>().ShouldBe("inbound");
        var match = data["match"]!;
        match["kind"]!.GetValue<string>().ShouldBe("patient");
        match["id"]!.GetValue<Guid>().ShouldBe(kari);
        match["fullName"]!.GetValue<string>().ShouldBe("Kari Nordmann");
        match["stage"]!.GetValue<string>().ShouldBe("new");
        match["openTasks"]!.GetValue<int>().ShouldBe(0);
        data["candidates"]!.AsArray().Count.ShouldBe(1);

        (await theirs.DrainAsync(TimeSpan.FromSeconds(1))).ShouldBeEmpty("another clinic's stream gets nothing of this call");

        await Host.SignedCallEvent(Clinic, TelephonyScenarios.Body(callId, "answered", number.Zeros));
        await Host.SignedCallEvent(Clinic, TelephonyScenarios.Body(callId, "ended", number.Zeros, durationSeconds: 95));
        var answered = await mine.NextAsync();
        answered.Event.ShouldBe("answered");
        var ended = await mine.NextAsync();
        ended.Event.ShouldBe("ended");
        ended.Json["durationSeconds"]!.GetValue<int>().ShouldBe(95);
        long.Parse(ended.Id!).ShouldBeGreaterThan(long.Parse(answered.Id!));
        (await theirs.DrainAsync(TimeSpan.FromMilliseconds(300))).ShouldBeEmpty();
    }

    [Fact]
    public async Task Several_matches_are_all_pushed_patients_first_and_an_unknown_number_is_unknown()
    {
        var shared = TelephonyScenarios.NewNumber();
        var lead = await Host.Lead(Clinic, "Per Olsen", shared.E164);
        var mother = await Host.Patient(Clinic, "Anne Berg", shared.Spaced);
        var daughter = await Host.Patient(Clinic, "Ida Berg", shared.Zeros);
        await using var pop = await ScreenPopClient.OpenAsync(Host, Clinic);

        await Host.CallEvent(Clinic.Key, TelephonyScenarios.Body("c-" + Guid.NewGuid(), "ringing", shared.Zeros.Replace(" ", "")));
        var data = (await pop.NextAsync(e => e.Event == "call")).Json;
        var candidates = data["candidates"]!.AsArray().Select(c => (Kind: c!["kind"]!.GetValue<string>(), Id: c["id"]!.GetValue<Guid>())).ToList();
        candidates.Select(c => c.Kind).ShouldBe(["patient", "patient", "lead"]);
        candidates.Select(c => c.Id).Take(2).ShouldBe([mother, daughter], ignoreOrder: true);
        candidates[2].Id.ShouldBe(lead);
        data["match"]!["kind"]!.GetValue<string>().ShouldBe("patient");

        await Host.CallEvent(Clinic.Key, TelephonyScenarios.Body("c-" + Guid.NewGuid(), "ringing", "anonymous"));
        var unknown = (await pop.NextAsync(e => e.Event == "call")).Json;
        unknown["match"]!["kind"]!.GetValue<string>().ShouldBe("unknown");
        unknown["match"]!["id"].ShouldBeNull();
        unknown["candidates"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_client_reconnecting_with_Last_Event_ID_receives_what_it_missed_and_nothing_twice()
    {
        var number = TelephonyScenarios.NewNumber();
        await Host.Patient(Clinic, "Ola Hansen", number.E164);
        var callId = "pbx-" + Guid.NewGuid().ToString("N");
        string lastId;
        await using (var pop = await ScreenPopClient.OpenAsync(Host, Clinic))
        {
            await Host.CallEvent(Clinic.Key, TelephonyScenarios.Body(callId, "ringing", number.Spaced));
            lastId = (await pop.NextAsync(e => e.Event == "call")).Id!;
        }
        // While disconnected: the call is answered and ends, and another call rings.
        await Host.CallEvent(Clinic.Key, TelephonyScenarios.Body(callId, "answered", number.Spaced));
        await Host.CallEvent(Clinic.Key, TelephonyScenarios.Body(callId, "ended", number.Spaced, durationSeconds: 30));
        var second = "pbx-" + Guid.NewGuid().ToString("N");
        await Host.CallEvent(Clinic.Key, TelephonyScenarios.Body(second, "ringing", number.Spaced));
        await Task.Delay(500);

        await using var again = await ScreenPopClient.OpenAsync(Host, Clinic, lastEventId: lastId);
        var missed = new List<SseEvent> { await again.NextAsync(), await again.NextAsync(), await again.NextAsync() };
        missed.Select(e => e.Event).ShouldBe(["answered", "ended", "call"]);
        missed[2].Json["callId"]!.GetValue<string>().ShouldBe(second);
        missed.ShouldAllBe(e => long.Parse(e.Id!) > long.Parse(lastId));
        (await again.DrainAsync(TimeSpan.FromMilliseconds(500))).ShouldBeEmpty("nothing is sent twice");

        // Without Last-Event-ID nothing old is replayed; the JSON answer lists the recent pushes instead.
        await using var fresh = await ScreenPopClient.OpenAsync(Host, Clinic);
        (await fresh.DrainAsync(TimeSpan.FromMilliseconds(500))).ShouldBeEmpty();
        var recent = await Host.GetJson(Clinic, "/api/v1/telephony/screen-pop");
        recent["items"]!.AsArray().Select(i => i!["event"]!.GetValue<string>()).ShouldBe(["call", "answered", "ended", "call"]);
    }

    [Fact]
    public async Task An_idle_stream_gets_heartbeat_comments_and_each_pushed_call_is_access_logged()
    {
        await using var pop = await ScreenPopClient.OpenAsync(Host, Clinic);
        // The test host sets Telephony:ScreenPopHeartbeatSeconds to 1 (15 by default).
        var beat = await pop.NextAsync(e => e.Event == "comment" && e.Data == "heartbeat", seconds: 10, comments: true);
        beat.ShouldNotBeNull();

        var number = TelephonyScenarios.NewNumber();
        var patient = await Host.Patient(Clinic, "Lise Logg", number.E164);
        await Host.CallEvent(Clinic.Key, TelephonyScenarios.Body("log-" + Guid.NewGuid(), "ringing", number.Spaced));
        await pop.NextAsync(e => e.Event == "call");

        var log = Host.Services.GetRequiredService<RecordAccessLog>();
        var rows = await log.ReadAsync(Clinic.Id.ToString(), null, patient.ToString(), null, null, 0, 100, CancellationToken.None);
        rows.ShouldContain(r => r.Route == "/api/v1/telephony/screen-pop" && r.PatientIds.Contains(patient) && r.RowCount == 1);
    }

    [Fact]
    public async Task Roles_that_do_not_serve_callers_are_refused_the_screen_pop()
    {
        var marketing = await Host.IssuedKey(Clinic, "markedsføring", KeyRole.Marketing);
        var clinician = await Host.IssuedKey(Clinic, "kiropraktor", KeyRole.Clinician);
        (await Host.StatusOf(marketing.Key, "/api/v1/telephony/screen-pop")).ShouldBe(403);
        (await Host.StatusOf(clinician.Key, "/api/v1/telephony/screen-pop")).ShouldBe(200);
        await using var stream = await ScreenPopClient.OpenAsync(Host.Server.CreateClient(), marketing.Key);
        stream.Status.ShouldBe(HttpStatusCode.Forbidden);
    }
}
