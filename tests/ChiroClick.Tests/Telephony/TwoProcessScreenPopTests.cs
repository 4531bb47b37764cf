using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChiroClick.Tests.Infrastructure;
using StandardWebhooks;
using Xunit.Abstractions;

namespace ChiroClick.Tests.Telephony;

/// <summary>
/// Two real API processes on one database (daemon mode HotCold, as docs/operations.md says for several nodes): the phone system's
/// signed webhook goes to process A, the receptionist's screen pop is open on process B, and B pushes the call — the push comes from
/// the event store, not from the memory of the process that took the webhook. Then a client reconnects to A with B's Last-Event-ID.
/// </summary>
[Collection(TwoProcessCollection.Name)]
public sealed class TwoProcessScreenPopTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _key = "cc_dev_twoproc_" + Guid.NewGuid().ToString("N");
    private string _connection = "";
    private ApiProcess _a = null!;
    private ApiProcess _b = null!;

    public async Task InitializeAsync()
    {
        var baseConnection = Environment.GetEnvironmentVariable("ConnectionStrings__Marten");
        if (string.IsNullOrWhiteSpace(baseConnection)) baseConnection = AppFixture.StartLocalPostgres();
        _connection = await ApiProcess.FreshDatabaseAsync(baseConnection, "twoproc");
        var settings = new Dictionary<string, string> { ["Marten__DaemonMode"] = "HotCold" };
        // One after the other: the first applies the schema to the empty database (two at once race on the DDL). Only A registers
        // the development clinic and its key; B serves the same database.
        _a = await ApiProcess.StartAsync(_connection, _key, settings);
        _b = await ApiProcess.StartAsync(_connection, null, settings);
    }

    public async Task DisposeAsync()
    {
        if (_b is not null) await _b.DisposeAsync();
        if (_a is not null) await _a.DisposeAsync();
    }

    private async Task<HttpResponseMessage> Signed(ApiProcess api, string secret, object body)
    {
        var json = JsonSerializer.Serialize(body, JsonSerializerOptions.Web);
        var id = "msg_" + Guid.NewGuid().ToString("N");
        var at = DateTimeOffset.UtcNow;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/webhooks/{_a.ClinicId}/telephony")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", at.ToUnixTimeSeconds().ToString());
        request.Headers.Add("webhook-signature", new StandardWebhook(secret).Sign(id, at, json));
        return await api.Client.SendAsync(request);
    }

    [Fact]
    public async Task A_webhook_to_one_process_is_pushed_to_a_screen_pop_open_on_another()
    {
        var secret = (await ApiProcess.CliAsync(_connection, "clinics", "webhook-secret", _a.ClinicId.ToString())).Trim().Split('\n').Last().Trim();
        secret.ShouldStartWith("whsec_");
        var number = TelephonyScenarios.NewNumber();
        using var register = new HttpRequestMessage(HttpMethod.Post, "/api/v1/patients") { Content = JsonContent.Create(new { fullName = "Kari To-Prosess", phone = number.E164 }) };
        register.Headers.Add("X-Api-Key", _key);
        using var registered = await _a.Client.SendAsync(register);
        registered.EnsureSuccessStatusCode();
        var patient = JsonNode.Parse(await registered.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();

        await using var onB = await ScreenPopClient.OpenAsync(_b.Client, _key);
        var callId = "pbx-" + Guid.NewGuid().ToString("N");
        using (var ringing = await Signed(_a, secret, TelephonyScenarios.Body(callId, "ringing", number.Zeros)))
            ringing.EnsureSuccessStatusCode();
        var answeredAt = Stopwatch.StartNew();
        var call = await onB.NextAsync(e => e.Event == "call", seconds: 15);
        output.WriteLine($"webhook answered by A → call event on B's stream: {answeredAt.Elapsed.TotalMilliseconds:0} ms");
        call.Json["match"]!["id"]!.GetValue<Guid>().ShouldBe(patient);
        call.Json["callId"]!.GetValue<string>().ShouldBe(callId);

        // The update is posted to B this time; a client reconnecting to A with B's last id gets it from A.
        using (var answered = await Signed(_b, secret, TelephonyScenarios.Body(callId, "answered", number.Zeros)))
            answered.EnsureSuccessStatusCode();
        await Task.Delay(1500);
        await using var onA = await ScreenPopClient.OpenAsync(_a.Client, _key, lastEventId: call.Id);
        var replayed = await onA.NextAsync(seconds: 15);
        replayed.Event.ShouldBe("answered");
        replayed.Json["callId"]!.GetValue<string>().ShouldBe(callId);
    }
}

[CollectionDefinition(Name)]
public sealed class TwoProcessCollection
{
    public const string Name = "telephony-two-process";
}
