using System.Text.Json.Nodes;
using ChiroClick.Api.Telephony;
using ChiroClick.Tests.Appointments;
using ChiroClick.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChiroClick.Tests.Telephony;

/// <summary>Missed calls: exactly one call-back task (default workflow call_back), attempts, closing on an answered call-back, leads.</summary>
public sealed class MissedCallTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private async Task<List<JsonNode>> CallTasks(string number) =>
        (await Host.Tasks(Clinic)).Where(t => t["phone"]?.GetValue<string>() == number).ToList();

    private async Task<JsonNode> OneCallTask(string number, Func<JsonNode, bool>? until = null)
    {
        List<JsonNode> tasks = [];
        await AppointmentScenarios.Eventually(async () =>
        {
            tasks = await CallTasks(number);
            return tasks.Count > 0 && (until is null || until(tasks[0]));
        }, $"a call task for {number}");
        return tasks.Single();
    }

    /// <summary>Waits until the relayed events are handled and the workflow steps ran (the event count stays put).</summary>
    private async Task Settle()
    {
        await WaitForProjections();
        var last = -1;
        for (var i = 0; i < 20; i++)
        {
            await Task.Delay(500);
            var now = await ChiroClick.Tests.Webhooks.WebhookScenarios.EventCount(Store, Clinic.Id);
            if (now == last) return;
            last = now;
        }
    }

    [Fact]
    public async Task A_missed_call_creates_exactly_one_call_back_task_also_when_the_webhook_repeats_and_an_answered_call_back_closes_it()
    {
        var number = TelephonyScenarios.NewNumber();
        await Host.Patient(Clinic, "Kari Nordmann", number.E164);
        var callId = "pbx-" + Guid.NewGuid().ToString("N");
        var at = DateTimeOffset.UtcNow;
        await Host.SignedCallEvent(Clinic, TelephonyScenarios.Body(callId, "ringing", number.Spaced, at: at));
        var missed = TelephonyScenarios.Body(callId, "missed", number.Spaced, at: at.AddSeconds(25));
        var webhookId = "wh_" + Guid.NewGuid().ToString("N");
        await Host.SignedCallEvent(Clinic, missed, webhookId);
        await Host.SignedCallEvent(Clinic, missed, webhookId);
        await Host.SignedCallEvent(Clinic, missed);
        await Host.SignedCallEvent(Clinic, TelephonyScenarios.Body(callId, "voicemail", number.Spaced, at: at.AddSeconds(40)));

        var task = await OneCallTask(number.E164);
        await Settle();
        (await CallTasks(number.E164)).Count.ShouldBe(1, "one task per missed call, whatever repeats");
        task["title"]!.GetValue<string>().ShouldBe("Ring tilbake Kari Nordmann");
        task["done"]!.GetValue<bool>().ShouldBeFalse();
        task["script"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        var due = task["dueAt"]!.GetValue<DateTimeOffset>();
        (due - DateTimeOffset.UtcNow).TotalMinutes.ShouldBeInRange(100, 121, "due within Telephony:CallbackWithinMinutes (120)");

        // A second missed call from the same number while the task is open adds no second task.
        var again = "pbx-" + Guid.NewGuid().ToString("N");
        await Host.SignedCallEvent(Clinic, TelephonyScenarios.Body(again, "missed", number.E164));
        await Settle();
        (await CallTasks(number.E164)).Count.ShouldBe(1);

        // The call-back: an unanswered attempt moves the task; the answered one closes it.
        var attempt = "out-" + Guid.NewGuid().ToString("N");
        await Host.SignedCallEvent(Clinic, TelephonyScenarios.Body(attempt, "ringing", "+4722000000", number.Zeros, "outbound"));
        await Host.SignedCallEvent(Clinic, TelephonyScenarios.Body(attempt, "missed", "+4722000000", number.Zeros, "outbound"));
        var moved = await OneCallTask(number.E164, t => t["attempts"]!.GetValue<int>() == 1);
        moved["dueAt"]!.GetValue<DateTimeOffset>().ShouldBeGreaterThan(due, "it comes back after retryAfterHours (2)");
        moved["done"]!.GetValue<bool>().ShouldBeFalse();

        var callback = "out-" + Guid.NewGuid().ToString("N");
        await Host.SignedCallEvent(Clinic, TelephonyScenarios.Body(callback, "ringing", "+4722000000", number.E164, "outbound"));
        var answered = await Host.SignedCallEvent(Clinic, TelephonyScenarios.Body(callback, "answered", "+4722000000", number.E164, "outbound"));
        var closed = await OneCallTask(number.E164, t => t["done"]!.GetValue<bool>());
        // The call-back's own attempt may be counted before or after it closes the task (relayed events run in parallel).
        closed["attempts"]!.GetValue<int>().ShouldBeInRange(1, 2);
        closed["note"]!.GetValue<string>().ShouldContain("Besvart");

        var missedCall = await Host.GetJson(Clinic, $"/api/v1/telephony/calls/{CallIdOf(callId)}");
        missedCall["outcome"]!.GetValue<string>().ShouldBe("voicemail");
        missedCall["callbackCallId"]!.GetValue<Guid>().ShouldBe(answered["id"]!.GetValue<Guid>());
        missedCall["calledBackAt"].ShouldNotBeNull();
    }

    private Guid CallIdOf(string externalCallId) =>
        ChiroClick.Api.Import.DeterministicGuid.Create(Clinic.Id, "call:" + externalCallId);

    [Fact]
    public async Task An_unknown_caller_gets_a_task_with_the_number_and_with_CaptureLeadsFromMissedCalls_becomes_a_lead()
    {
        var options = Host.Services.GetRequiredService<IOptions<TelephonyOptions>>().Value;
        var unknown = TelephonyScenarios.NewNumber();
        await Host.CallEvent(Clinic.Key, TelephonyScenarios.Body("u-" + Guid.NewGuid(), "missed", unknown.Spaced));
        (await OneCallTask(unknown.E164))["title"]!.GetValue<string>().ShouldBe($"Ring tilbake {unknown.E164}");
        (await Host.GetJson(Clinic, "/api/v1/crm/leads"))["totalCount"]!.GetValue<int>().ShouldBe(0);

        options.CaptureLeadsFromMissedCalls = true;
        try
        {
            var caller = TelephonyScenarios.NewNumber();
            var recorded = await Host.CallEvent(Clinic.Key, TelephonyScenarios.Body("u-" + Guid.NewGuid(), "missed", caller.Zeros));
            recorded["match"]!.GetValue<string>().ShouldBe("lead");
            var leadId = recorded["matchId"]!.GetValue<Guid>();
            var lead = await Host.GetJson(Clinic, $"/api/v1/crm/leads/{leadId}");
            lead["source"]!.GetValue<string>().ShouldBe("phone");
            lead["phone"]!.GetValue<string>().ShouldBe(caller.E164);
            var task = await OneCallTask(caller.E164);
            task["leadId"]!.GetValue<Guid>().ShouldBe(leadId);

            // The lead is who calls next time; a hidden number never becomes a lead.
            var next = await Host.CallEvent(Clinic.Key, TelephonyScenarios.Body("u-" + Guid.NewGuid(), "ringing", caller.E164));
            next["matchId"]!.GetValue<Guid>().ShouldBe(leadId);
            (await Host.CallEvent(Clinic.Key, TelephonyScenarios.Body("u-" + Guid.NewGuid(), "missed", "anonymous")))["match"]!
                .GetValue<string>().ShouldBe("unknown");
        }
        finally
        {
            options.CaptureLeadsFromMissedCalls = false;
        }
    }

    [Fact]
    public async Task A_call_task_step_without_a_missed_call_calls_the_subjects_phone_and_counts_logged_attempts()
    {
        var number = TelephonyScenarios.NewNumber();
        var created = await As(s =>
        {
            s.Post.Json(new
            {
                name = "Ring nye leads",
                trigger = new { type = "lead_captured" },
                steps = new object[] { new { type = "call_task", title = "Ring {fullName}", script = "Hei {firstName}!", dueInMinutes = 30, maxAttempts = 2, retryAfterHours = 24 } },
            }).ToUrl("/api/v1/crm/workflows");
            s.StatusCodeShouldBe(201);
        });
        await As(s =>
        {
            s.Post.Json(new { name = "Feil", trigger = new { type = "call_missed" }, steps = new object[] { new { type = "call_task", maxAttempts = 2 } } })
                .ToUrl("/api/v1/crm/workflows");
            s.StatusCodeShouldBe(400);
        });
        var lead = await Host.Lead(Clinic, "Nils Ny", number.Spaced);
        var task = await OneCallTask(number.E164);
        task["title"]!.GetValue<string>().ShouldBe("Ring Nils Ny");
        task["leadId"]!.GetValue<Guid>().ShouldBe(lead);
        var due = task["dueAt"]!.GetValue<DateTimeOffset>();

        await As(s => { s.Post.Json(new { to = number.Zeros, leadId = lead }).ToUrl("/api/v1/telephony/calls"); s.StatusCodeShouldBe(201); });
        var first = await OneCallTask(number.E164, t => t["attempts"]!.GetValue<int>() == 1);
        (first["dueAt"]!.GetValue<DateTimeOffset>() - due).TotalHours.ShouldBeGreaterThan(20);
        await As(s => { s.Post.Json(new { to = number.E164 }).ToUrl("/api/v1/telephony/calls"); s.StatusCodeShouldBe(201); });
        var second = await OneCallTask(number.E164, t => t["attempts"]!.GetValue<int>() == 2);
        second["dueAt"]!.GetValue<DateTimeOffset>().ShouldBe(first["dueAt"]!.GetValue<DateTimeOffset>(), "after maxAttempts it no longer moves");
        second["done"]!.GetValue<bool>().ShouldBeFalse();
        _ = created;
    }
}
