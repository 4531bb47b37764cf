using System.Net;
using System.Text.Json.Nodes;
using ChiroClick.Domain.Clinics;
using ChiroClick.Domain.Telephony;
using ChiroClick.Tests.Access;
using ChiroClick.Tests.Infrastructure;
using ChiroClick.Tests.Webhooks;

namespace ChiroClick.Tests.Telephony;

/// <summary>Call events from the phone system (key route and signed webhook), idempotency, transcripts, the call log and notes.</summary>
public sealed class CallLogTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private async Task<IReadOnlyList<JasperFx.Events.IEvent>> CallEvents(Guid callStream)
    {
        await using var session = Store.QuerySession(Clinic.Id.ToString());
        return await session.Events.FetchStreamAsync(callStream);
    }

    [Fact]
    public async Task A_repeated_event_of_a_call_appends_nothing_whichever_route_or_webhook_id_delivers_it()
    {
        var integration = await Host.IssuedKey(Clinic, "telefonsentral", KeyRole.Integration);
        var number = TelephonyScenarios.NewNumber();
        var callId = "pbx-" + Guid.NewGuid().ToString("N");
        var ringing = TelephonyScenarios.Body(callId, "ringing", number.Spaced);

        var first = await Host.CallEvent(integration.Key, ringing);
        first["duplicate"]!.GetValue<bool>().ShouldBeFalse();
        var id = first["id"]!.GetValue<Guid>();
        (await CallEvents(id)).Select(e => e.Data.GetType()).ShouldBe([typeof(CallLogged), typeof(CallRinging)]);

        (await Host.CallEvent(integration.Key, ringing))["duplicate"]!.GetValue<bool>().ShouldBeTrue();
        (await Host.SignedCallEvent(Clinic, ringing))["duplicate"]!.GetValue<bool>().ShouldBeTrue("a different webhook-id, the same (callId, event)");
        var webhookId = "wh_" + Guid.NewGuid().ToString("N");
        var missed = TelephonyScenarios.Body(callId, "missed", number.Spaced);
        (await Host.SignedCallEvent(Clinic, missed, webhookId))["duplicate"]!.GetValue<bool>().ShouldBeFalse();
        (await Host.SignedCallEvent(Clinic, missed, webhookId))["duplicate"]!.GetValue<bool>().ShouldBeTrue("the same webhook-id is a duplicate");
        (await CallEvents(id)).Count.ShouldBe(3);

        // The same call id in another clinic is another call.
        var other = await Fixture.NewClinicAsync("Annen klinikk");
        (await Host.CallEvent(other.Key, ringing))["id"]!.GetValue<Guid>().ShouldNotBe(id);
    }

    [Fact]
    public async Task The_call_log_lists_filters_and_shows_calls_with_transcripts_and_notes()
    {
        var number = TelephonyScenarios.NewNumber();
        var patient = await Host.Patient(Clinic, "Tor Telefon", number.E164);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-30);
        var answered = "a-" + Guid.NewGuid().ToString("N");
        await Host.CallEvent(Clinic.Key, TelephonyScenarios.Body(answered, "ringing", number.Zeros, at: t0));
        await Host.CallEvent(Clinic.Key, TelephonyScenarios.Body(answered, "answered", number.Zeros, at: t0.AddSeconds(8)));
        var ended = await Host.CallEvent(Clinic.Key, TelephonyScenarios.Body(answered, "ended", number.Zeros, at: t0.AddMinutes(3), durationSeconds: 172,
            transcript: "Pasienten ønsker ny time neste uke."));
        var voicemail = "v-" + Guid.NewGuid().ToString("N");
        await Host.CallEvent(Clinic.Key, TelephonyScenarios.Body(voicemail, "voicemail", "+4791111111", at: t0.AddMinutes(10), durationSeconds: 20));
        var answeredId = ended["id"]!.GetValue<Guid>();

        var all = await Host.GetJson(Clinic, "/api/v1/telephony/calls");
        all["totalCount"]!.GetValue<int>().ShouldBe(2);
        all["items"]![0]!["outcome"]!.GetValue<string>().ShouldBe("voicemail", "newest first");
        var mine = await Host.GetJson(Clinic, $"/api/v1/telephony/calls?patientId={patient}");
        mine["items"]!.AsArray().Single()!["id"]!.GetValue<Guid>().ShouldBe(answeredId);
        mine["items"]![0]!["durationSeconds"]!.GetValue<int>().ShouldBe(172);
        mine["items"]![0]!["hasTranscript"]!.GetValue<bool>().ShouldBeTrue();
        (await Host.GetJson(Clinic, "/api/v1/telephony/calls?outcome=answered"))["totalCount"]!.GetValue<int>().ShouldBe(1);
        (await Host.GetJson(Clinic, $"/api/v1/telephony/calls?from={Uri.EscapeDataString(t0.AddMinutes(5).ToString("O"))}"))["totalCount"]!.GetValue<int>().ShouldBe(1);
        await Host.GetJson(Clinic, "/api/v1/telephony/calls?outcome=busy", 400);

        var note = await As(s =>
        {
            s.Post.Json(new { text = "Booket time tirsdag.", outcome = "booked" }).ToUrl($"/api/v1/telephony/calls/{answeredId}/notes");
            s.StatusCodeShouldBe(201);
        });
        JsonNode.Parse(await note.ReadAsTextAsync())!["callId"]!.GetValue<Guid>().ShouldBe(answeredId);
        var detail = await Host.GetJson(Clinic, $"/api/v1/telephony/calls/{answeredId}");
        detail["transcript"]!.GetValue<string>().ShouldBe("Pasienten ønsker ny time neste uke.");
        detail["outcome"]!.GetValue<string>().ShouldBe("answered");
        detail["notes"]![0]!["outcome"]!.GetValue<string>().ShouldBe("booked");
        detail["notes"]![0]!["by"]!.GetValue<string>().ShouldBe(Clinic.User);
        detail["patientIds"]![0]!.GetValue<Guid>().ShouldBe(patient);

        await As(s => { s.Post.Json(new { text = " " }).ToUrl($"/api/v1/telephony/calls/{answeredId}/notes"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Json(new { text = "x" }).ToUrl($"/api/v1/telephony/calls/{Guid.NewGuid()}/notes"); s.StatusCodeShouldBe(404); });
        var other = await Fixture.NewClinicAsync("Annen klinikk");
        await Host.GetJson(other, $"/api/v1/telephony/calls/{answeredId}", 404);
    }

    [Fact]
    public async Task Bad_call_events_are_400_and_append_nothing_and_keys_of_other_roles_are_refused()
    {
        var before = await Store.EventCount(Clinic.Id);
        await Host.CallEvent(Clinic.Key, new { @event = "ringing", from = "99887766", to = "22000000", direction = "inbound", at = DateTimeOffset.UtcNow }, 400);
        await Host.CallEvent(Clinic.Key, TelephonyScenarios.Body("x", "ringing", "99887766", at: DateTimeOffset.UtcNow.AddHours(1)), 400);
        await Host.CallEvent(Clinic.Key, TelephonyScenarios.Body("x", "ended", "99887766", durationSeconds: -1), 400);
        await Host.CallEvent(Clinic.Key, new { callId = "x", @event = "busy", from = "1", to = "2", direction = "inbound", at = DateTimeOffset.UtcNow }, 400);
        (await Store.EventCount(Clinic.Id)).ShouldBe(before);

        var frontDesk = await Host.IssuedKey(Clinic, "resepsjon", KeyRole.FrontDesk);
        await Host.CallEvent(frontDesk.Key, TelephonyScenarios.Body("x", "ringing", "99887766"), 403);
        var (status, _, _) = await Host.SignedWebhook(Clinic.Id, "telephony", TelephonyScenarios.Body("x", "ringing", "99887766"), "whsec_" +
            Convert.ToBase64String(new byte[32]));
        status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Staff_log_outbound_attempts_to_a_valid_number()
    {
        var number = TelephonyScenarios.NewNumber();
        var patient = await Host.Patient(Clinic, "Una Utgående", number.E164);
        var created = await As(s => { s.Post.Json(new { to = number.Spaced }).ToUrl("/api/v1/telephony/calls"); s.StatusCodeShouldBe(201); });
        var id = JsonNode.Parse(await created.ReadAsTextAsync())!["id"]!.GetValue<Guid>();
        var call = await Host.GetJson(Clinic, $"/api/v1/telephony/calls/{id}");
        call["direction"]!.GetValue<string>().ShouldBe("outbound");
        call["source"]!.GetValue<string>().ShouldBe("staff");
        call["number"]!.GetValue<string>().ShouldBe(number.E164);
        call["patientIds"]![0]!.GetValue<Guid>().ShouldBe(patient);

        await As(s => { s.Post.Json(new { to = "12" }).ToUrl("/api/v1/telephony/calls"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Json(new { to = number.E164, patientId = Guid.NewGuid() }).ToUrl("/api/v1/telephony/calls"); s.StatusCodeShouldBe(404); });
    }
}
