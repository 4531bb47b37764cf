using System.Collections.Concurrent;
using ChiroClick.Api.Admin;
using ChiroClick.Api.Common;
using ChiroClick.Tests.Infrastructure;
using Wolverine;

namespace ChiroClick.Tests.Admin;

/// <summary>A test-only message that fails as often as told, then succeeds.</summary>
public sealed record DeadLetterProbe(Guid Id);

/// <summary>Handler of <see cref="DeadLetterProbe"/> (registered by the test fixture only).</summary>
public static class DeadLetterProbeHandler
{
    public static readonly ConcurrentDictionary<Guid, int> FailuresLeft = new();
    public static readonly ConcurrentDictionary<Guid, bool> Handled = new();

    public static void Handle(DeadLetterProbe probe)
    {
        if (FailuresLeft.TryGetValue(probe.Id, out var left) && left > 0)
        {
            FailuresLeft[probe.Id] = left - 1;
            throw new InvalidOperationException("Probe failure (no retries apply).");
        }
        Handled[probe.Id] = true;
    }
}

/// <summary>Wolverine's dead letters over HTTP: list (paged, per clinic) and replay.</summary>
public class DeadLetterTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private async Task<Paged<DeadLetterView>> List(TestClinic? clinic = null, string query = "") =>
        (await (await As(s => s.Get.Url("/api/v1/admin/dead-letters" + query), clinic)).ReadAsJsonAsync<Paged<DeadLetterView>>())!;

    [Fact]
    public async Task A_failed_message_is_listed_for_its_clinic_only_and_a_replay_runs_it_again()
    {
        var probe = new DeadLetterProbe(Guid.NewGuid());
        DeadLetterProbeHandler.FailuresLeft[probe.Id] = 1;
        await Host.MessageBus().PublishAsync(probe, new DeliveryOptions { TenantId = Clinic.Id.ToString() });

        DeadLetterView? dead = null;
        for (var i = 0; i < 100 && dead is null; i++)
        {
            dead = (await List()).Items.SingleOrDefault(d => d.MessageType?.Contains("DeadLetterProbe") == true);
            if (dead is null) await Task.Delay(200);
        }
        dead.ShouldNotBeNull("the failed probe is in the clinic's dead letters");
        dead.ExceptionType.ShouldBe(typeof(InvalidOperationException).FullName);
        dead.ExceptionMessage.ShouldBe("Probe failure (no retries apply).");
        DeadLetterProbeHandler.Handled.ContainsKey(probe.Id).ShouldBeFalse();

        var page = await List(query: "?page=1&pageSize=1");
        (page.Page, page.PageSize, page.Items.Count, page.TotalCount).ShouldBe((1, 1, 1, 1L));
        await As(s => { s.Get.Url("/api/v1/admin/dead-letters?pageSize=0"); s.StatusCodeShouldBe(400); });

        var other = await Fixture.NewClinicAsync("Other clinic");
        (await List(other)).Items.ShouldBeEmpty("another clinic's dead letters are not shown");
        await As(s => { s.Post.Url($"/api/v1/admin/dead-letters/{dead.Id}/replay"); s.StatusCodeShouldBe(404); }, other);
        await As(s => { s.Post.Url($"/api/v1/admin/dead-letters/{Guid.NewGuid()}/replay"); s.StatusCodeShouldBe(404); });

        var replayed = await As(s => { s.Post.Url($"/api/v1/admin/dead-letters/{dead.Id}/replay"); s.StatusCodeShouldBe(200); });
        (await replayed.ReadAsJsonAsync<DeadLetterReplayed>())!.ShouldBe(new DeadLetterReplayed(dead.Id, true));
        for (var i = 0; i < 150 && !DeadLetterProbeHandler.Handled.ContainsKey(probe.Id); i++) await Task.Delay(200);
        DeadLetterProbeHandler.Handled.ContainsKey(probe.Id).ShouldBeTrue("Wolverine re-queued the replayed message and it succeeded");
        for (var i = 0; i < 50 && (await List()).Items.Any(d => d.Id == dead.Id); i++) await Task.Delay(200);
        (await List()).Items.ShouldNotContain(d => d.Id == dead.Id);
    }
}
