using System.Diagnostics;
using System.Text.Json.Nodes;
using ChiroClick.Api.Tools;
using ChiroClick.Tests.Appointments;
using ChiroClick.Tests.Infrastructure;
using Npgsql;

namespace ChiroClick.Tests.Telephony;

/// <summary>A lead's calls — numbers, transcripts, notes, call tasks — are found and masked by an erasure; the figures stay.</summary>
public sealed class CallPrivacyTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];
    private static string ConnectionString => Environment.GetEnvironmentVariable("ConnectionStrings__Marten")!;

    [Fact]
    public async Task Erasing_a_lead_masks_its_calls_and_call_tasks_and_projections_still_verify()
    {
        var name = $"Vilja Ringstad{_tag}";
        var number = TelephonyScenarios.NewNumber();
        var digits = number.E164[3..];
        var transcript = $"Hei, dette er {name}, jeg lurer på en time {_tag}.";
        var note = $"Ringte {name} tilbake om {_tag}";
        var lead = await Host.Lead(Clinic, name, number.E164);
        var callId = "priv-" + Guid.NewGuid().ToString("N");
        await Host.CallEvent(Clinic.Key, TelephonyScenarios.Body(callId, "ringing", number.Spaced));
        var voicemail = await Host.CallEvent(Clinic.Key, TelephonyScenarios.Body(callId, "voicemail", number.Spaced, durationSeconds: 12, transcript: transcript));
        var call = voicemail["id"]!.GetValue<Guid>();
        await As(s => { s.Post.Json(new { text = note, outcome = "callback" }).ToUrl($"/api/v1/telephony/calls/{call}/notes"); s.StatusCodeShouldBe(201); });
        await AppointmentScenarios.Eventually(async () => (await Host.Tasks(Clinic)).Any(t => t["phone"]?.GetValue<string>() == number.E164),
            "the call-back task");
        await WaitForProjections();
        var figures = await Host.GetJson(Clinic, "/api/v1/crm/analytics/calls");
        var verifier = new ProjectionVerifier(ConnectionString);

        var accepted = await As(s =>
        {
            s.Post.Json(new { subjectType = "lead", subjectId = lead, reason = "art. 17" }).ToUrl("/api/v1/privacy/erasures");
            s.StatusCodeShouldBe(202);
        });
        var erasureId = JsonNode.Parse(await accepted.ReadAsTextAsync())!["id"]!.GetValue<Guid>();
        JsonNode erasure = null!;
        await AppointmentScenarios.Eventually(async () =>
            (erasure = await Host.GetJson(Clinic, $"/api/v1/privacy/erasures/{erasureId}"))["status"]!.GetValue<string>() != "pending", "the erasure");
        erasure["status"]!.GetValue<string>().ShouldBe("completed");
        await WaitForProjections();

        var dump = await Dump();
        foreach (var value in new[] { name, digits, transcript, note })
            dump.ShouldNotContain(value, Case.Insensitive, $"'{value}' is still in the database");
        var detail = await Host.GetJson(Clinic, $"/api/v1/telephony/calls/{call}");
        detail["transcript"]!.GetValue<string>().ShouldBe("[erased]");
        detail["outcome"]!.GetValue<string>().ShouldBe("voicemail", "what happened stays; who it was goes");
        (await Host.GetJson(Clinic, "/api/v1/crm/analytics/calls"))["totals"]!.ToJsonString().ShouldBe(figures["totals"]!.ToJsonString());
        (await verifier.VerifyAsync([], clinics: [Clinic.Id.ToString()])).SelectMany(r => r.Differences).ShouldBeEmpty();
    }

    private static async Task<string> Dump()
    {
        var cs = new NpgsqlConnectionStringBuilder(ConnectionString);
        var pgDump = File.Exists("/usr/lib/postgresql/15/bin/pg_dump") ? "/usr/lib/postgresql/15/bin/pg_dump" : "pg_dump";
        var psi = new ProcessStartInfo(pgDump, ["-h", cs.Host!, "-p", cs.Port.ToString(), "-U", cs.Username!, "-d", cs.Database!, "--no-owner"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        if (!string.IsNullOrEmpty(cs.Password)) psi.Environment["PGPASSWORD"] = cs.Password;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, await stderr);
        return await stdout;
    }
}
