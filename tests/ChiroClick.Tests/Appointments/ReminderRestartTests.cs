using System.Collections.Concurrent;
using Alba;
using ChiroClick.Api.Access;
using ChiroClick.Api.Appointments;
using ChiroClick.Api.Messaging;
using ChiroClick.Domain.Appointments;
using ChiroClick.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wolverine;

namespace ChiroClick.Tests.Appointments;

/// <summary>
/// Stops the API while an appointment's reminder waits as a durable Wolverine scheduled message, starts a new host on the same
/// database and checks that the wait resumes from PostgreSQL: each configured reminder goes out exactly once (one
/// AppointmentReminderSent per hour, one SMS at the provider), however often the sweep and redelivered messages ask again. The
/// hosts use their own database (named after the suite's, recreated), so the shared test host cannot pick the work up instead.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ReminderRestartTests
{
    /// <summary>A provider that records every text handed to it.</summary>
    private sealed class RecordingSmsProvider : ISmsSender
    {
        public ConcurrentQueue<SmsMessage> Received { get; } = new();

        public Task<bool> SendAsync(SmsMessage message, CancellationToken ct)
        {
            Received.Enqueue(message);
            return Task.FromResult(true);
        }
    }

    private static async Task<IAlbaHost> StartHost(string connectionString, TimeProvider clock, ISmsSender sms) =>
        await AlbaHost.For<Program>(x =>
        {
            x.UseSetting("ConnectionStrings:Marten", connectionString);
            x.ConfigureServices(services =>
            {
                services.RunWolverineInSoloMode();
                services.DisableAllExternalWolverineTransports();
                services.AddSingleton(clock);
                services.AddSingleton(sms);
            });
        });

    private static async Task<string> FreshDatabase(string suffix = "reminder_restart")
    {
        var suite = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("ConnectionStrings__Marten"));
        var name = $"{suite.Database}_{suffix}";
        var admin = new NpgsqlConnectionStringBuilder(suite.ConnectionString) { Database = "postgres" };
        await using (var conn = new NpgsqlConnection(admin.ConnectionString))
        {
            await conn.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", conn);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"create database \"{name}\"", conn);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(suite.ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>When the scheduled reminder messages of the appointment are due (envelopes still waiting in PostgreSQL).</summary>
    private static async Task<List<DateTimeOffset>> ScheduledAsync(string connectionString, Guid appointmentId)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            select execution_time from chiroclick.wolverine_incoming_envelopes
            where status = 'Scheduled' and message_type like '%SendAppointmentReminders' and position(convert_to(@id, 'UTF8') in body) > 0
            order by execution_time
            """, conn);
        cmd.Parameters.AddWithValue("id", appointmentId.ToString());
        var times = new List<DateTimeOffset>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) times.Add(reader.GetFieldValue<DateTimeOffset>(0));
        return times;
    }

    private static async Task<List<int>> RemindersAsync(IAlbaHost host, Guid clinicId, Guid appointmentId)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession(ApiKeys.TenantOf(clinicId));
        return (await session.Events.FetchStreamAsync(appointmentId)).Select(e => e.Data).OfType<AppointmentReminderSent>().Select(r => r.HoursBefore).ToList();
    }

    [Fact]
    public async Task a_restart_while_a_reminder_waits_sends_each_reminder_once()
    {
        var connectionString = await FreshDatabase();
        var clock = new ShiftableClock();
        var provider = new RecordingSmsProvider();
        Guid clinicId, appointmentId;
        string phone;
        DateTimeOffset start;

        var first = await StartHost(connectionString, clock, provider);
        try
        {
            var (id, key) = await ApiKeys.RegisterClinicAsync(first.Services.GetRequiredService<IDocumentStore>(), "Restart clinic", "tester");
            clinicId = id;
            var clinic = new TestClinic(id, key, "tester");
            var patient = await first.ReachablePatient(clinic);
            phone = patient.Phone;
            // The 48 h reminder falls due 40 s from now: a durable scheduled message waits for it.
            var now = clock.GetUtcNow();
            start = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddHours(48).AddSeconds(40);
            appointmentId = (await first.Booked(clinic, patient.Id, start)).Id;
            (await ScheduledAsync(connectionString, appointmentId)).ShouldBe([start.AddHours(-48)]);
        }
        finally
        {
            await first.StopAsync();
            await first.DisposeAsync();
        }

        clock.GetUtcNow().ShouldBeLessThan(start.AddHours(-48), "the host stopped before the reminder was due");
        provider.Received.ShouldBeEmpty();

        await using var second = await StartHost(connectionString, clock, provider);
        var bus = second.MessageBus();
        Task Sweep() => bus.InvokeForTenantAsync(ApiKeys.TenantOf(clinicId), new SweepAppointmentReminders());

        // The waiting message fires on the new host when due; its handler plans the 2 h reminder as the next durable message.
        await AppointmentScenarios.Eventually(async () => (await RemindersAsync(second, clinicId, appointmentId)).Count == 1, "the 48 h reminder after the restart", 120);
        await AppointmentScenarios.Eventually(async () => (await ScheduledAsync(connectionString, appointmentId)).SequenceEqual([start.AddHours(-2)]),
            "the 2 h reminder waiting as a scheduled message");
        await Sweep();
        await bus.InvokeForTenantAsync(ApiKeys.TenantOf(clinicId), new SendAppointmentReminders(appointmentId, start, ScheduleNext: false));

        // Past the 2 h reminder's time (the clock moves; the sweep is the safety net that delivers it here).
        clock.SetUtcNow(start.AddHours(-2).AddMinutes(1));
        await Sweep();
        await AppointmentScenarios.Eventually(async () => (await RemindersAsync(second, clinicId, appointmentId)).Count == 2, "the 2 h reminder");
        await Sweep();
        await bus.InvokeForTenantAsync(ApiKeys.TenantOf(clinicId), new SendAppointmentReminders(appointmentId, start, ScheduleNext: false));
        await Task.Delay(1500);

        (await RemindersAsync(second, clinicId, appointmentId)).ShouldBe([48, 2]);
        var texts = provider.Received.Where(m => m.To == phone).ToList();
        texts.Count.ShouldBe(2);
        texts.Select(m => m.Id).Distinct().Count().ShouldBe(2);
        texts.ShouldAllBe(m => m.Body.StartsWith("Påminnelse: time hos Restart clinic "));
        (await second.Services.GetRequiredService<IDocumentStore>().Outbox(new TestClinic(clinicId, "", "tester"), phone)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task concurrent_sends_of_one_due_reminder_reach_the_provider_once()
    {
        var connectionString = await FreshDatabase("reminder_race");
        var clock = new ShiftableClock();
        var provider = new RecordingSmsProvider();
        await using var host = await StartHost(connectionString, clock, provider);
        var (clinicId, key) = await ApiKeys.RegisterClinicAsync(host.Services.GetRequiredService<IDocumentStore>(), "Race clinic", "tester");
        var clinic = new TestClinic(clinicId, key, "tester");
        var patient = await host.ReachablePatient(clinic);
        var now = clock.GetUtcNow();
        var start = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddHours(72);
        var appointmentId = (await host.Booked(clinic, patient.Id, start)).Id;

        // The 48 h reminder falls due; the scheduled message, the sweep and a retry can all handle it at the same moment.
        clock.SetUtcNow(start.AddHours(-48).AddMinutes(1));
        var bus = host.MessageBus();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            bus.InvokeForTenantAsync(ApiKeys.TenantOf(clinicId), new SendAppointmentReminders(appointmentId, start, ScheduleNext: false))));

        (await RemindersAsync(host, clinicId, appointmentId)).ShouldBe([48]);
        provider.Received.Where(m => m.To == patient.Phone).ShouldHaveSingleItem();
    }
}
