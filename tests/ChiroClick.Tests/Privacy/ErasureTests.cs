using System.Diagnostics;
using System.Text.Json.Nodes;
using ChiroClick.Api.Tools;
using ChiroClick.Api.Patients;
using ChiroClick.Domain.Leads;
using ChiroClick.Domain.Privacy;
using ChiroClick.Domain.Workflows;
using ChiroClick.Tests.Ai;
using ChiroClick.Tests.Appointments;
using ChiroClick.Tests.Patients;
using ChiroClick.Tests.Infrastructure;
using ChiroClick.Tests.Leads;
using Marten;
using Npgsql;
using Wolverine;

namespace ChiroClick.Tests.Privacy;

/// <summary>Erasure (GDPR art. 17), the refusal inside the record retention period, and the subject access export.</summary>
public sealed class ErasureTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private readonly string tag = Guid.NewGuid().ToString("N")[..8];
    private static string ConnectionString => Environment.GetEnvironmentVariable("ConnectionStrings__Marten")!;

    [Fact]
    public async Task Erased_lead_leaves_no_trace_in_a_dump_of_the_whole_database_and_is_still_counted()
    {
        // Unique values, so the dump of a database shared with every other test can only find this lead's.
        var first = "Zelmira" + tag;
        var last = "Quandt" + tag;
        var name = $"{first} {last}";
        var digits = "9" + Random.Shared.Next(1_000_000, 9_999_999);
        var email = $"zq.{tag}@example.no";
        var complaint = $"Stikkende smerter {tag} i venstre hofte";

        var workflow = await PostJson("/api/v1/crm/workflows", new
        {
            name = "Ny henvendelse " + tag, trigger = new { type = "lead_captured" },
            steps = new object[]
            {
                new { type = "send_message", channel = "sms", template = "Hei {fullName}, takk for henvendelsen." },
                new { type = "create_task", title = "Ring {fullName}" },
                new { type = "wait", duration = "P30D" },
                new { type = "send_message", channel = "sms", template = "Hei igjen {firstName}!" },
            },
        }, 201);
        var lead = await Host.CapturedLead(Clinic, LeadScenarios.NewLead(name, "website", "+47 " + digits, email, complaint));

        Ollama.Reply = _ => $"Ring {first} på {digits} om hoften.";
        var suggestion = await PostJson("/api/v1/ai/suggestions", new { task = "general", context = $"Henvendelse fra {name}, {email}", input = complaint }, 201);
        await PostJson("/api/v1/crm/communications", new
        {
            channel = "phone", direction = "inbound", subject = $"Samtale med {name}", leadId = lead.Id, body = complaint,
        }, 201);
        var run = await WaitForRun(workflow.Id(), r => r.NextStep == 3);
        await Host.MovedLead(Clinic, lead.Id, "lost", "price");
        await WaitForProjections();
        var verifier = new ProjectionVerifier(ConnectionString);
        (await verifier.VerifyAsync([], clinics: [Clinic.Id.ToString()])).SelectMany(r => r.Differences).ShouldBeEmpty();
        var before = await Host.Pipeline(Clinic);
        (await Dump()).ShouldContain(name, Case.Insensitive, "the dump does see the lead before the erasure");

        var accepted = await PostJson("/api/v1/privacy/erasures", new { subjectType = "lead", subjectId = lead.Id, reason = "art. 17 request" }, 202);
        accepted.Str("status").ShouldBe("pending");
        var erasure = await WaitForErasure(accepted.Id());

        erasure.Str("status").ShouldBe("completed");
        erasure["eventsMasked"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(8);
        erasure["documentsRemoved"]!.GetValue<int>().ShouldBeGreaterThan(0);
        erasure["messagesPurged"]!.GetValue<int>().ShouldBeGreaterThan(0, "the scheduled step after the 30-day wait");
        await WaitForProjections();

        var dump = await Dump();
        foreach (var value in new[] { name, first, last, digits, email, complaint })
            dump.ShouldNotContain(value, Case.Insensitive, $"'{value}' is still in the database");

        var after = await Host.Pipeline(Clinic);
        after.TotalLeads.ShouldBe(before.TotalLeads);
        after.Stage(LeadStage.Lost).Count.ShouldBe(before.Stage(LeadStage.Lost).Count);
        (await verifier.VerifyAsync([], clinics: [Clinic.Id.ToString()])).SelectMany(r => r.Differences).ShouldBeEmpty();

        (await Host.Lead(Clinic, lead.Id)).FullName.ShouldBe(Masked.Text);
        (await Host.GetJson(Clinic, $"/api/v1/ai/suggestions/{suggestion.Id()}")).Str("userPrompt").ShouldBe(Masked.Text);
        await using var session = Store.QuerySession(Clinic.Id.ToString());
        var events = await session.Events.FetchStreamAsync(lead.Id);
        events.Last().Data.ShouldBeOfType<PersonalDataErased>().SubjectType.ShouldBe(SubjectType.Lead);
        var captured = events.Single(e => e.Data is LeadCaptured);
        captured.Headers!.ShouldContainKey("erased");
        ((LeadCaptured)captured.Data).Email.ShouldBeNull();
        (await session.LoadAsync<WorkflowRun>(run.Id))!.Status.ShouldBe(WorkflowRunStatus.Cancelled);
    }

    [Fact]
    public async Task Erased_patient_leaves_no_trace_of_appointments_reminders_sms_questions_or_survey_comments()
    {
        var name = "Gunnhild Timebok" + tag;
        var (patient, phone, email) = await Host.ReachablePatient(Clinic, name);
        var type = $"Ryggsmerter {tag} etter fall";
        var reason = $"Innlagt {tag} på sykehus";
        var comment = $"Vondt {tag} i kneet fortsatt";
        var start = Fixture.Clock.GetUtcNow().AddHours(10);
        var kept = (await (await As(s =>
        {
            s.Post.Json(new { patientId = patient, practitioner = "Kari", start, end = start.AddMinutes(30), type }).ToUrl("/api/v1/appointments");
            s.StatusCodeShouldBe(201);
        })).ReadAsJsonAsync<Api.Appointments.AppointmentCreated>())!.Id;
        var cancelled = await Host.Booked(Clinic, patient, start.AddDays(3));
        await PostJson($"/api/v1/appointments/{cancelled.Id}/cancel", new { reason }, 200);
        // The reminder due at booking goes out as an SMS question; then a survey by SMS is answered "9" and commented.
        await AppointmentScenarios.Eventually(async () => (await Store.Outbox(Clinic, phone)).Count == 1, "the reminder");
        var survey = await PostJson("/api/v1/crm/surveys", new { name = "NPS " + tag }, 201);
        await PostJson($"/api/v1/crm/surveys/{survey.Id()}/send", new { patientIds = new[] { patient }, channel = "sms" }, 200);
        (await Host.Texted(Clinic, phone, "9")).Outcome.ShouldBe(Api.Messaging.InboundSmsOutcome.SurveyScore);
        (await Host.Texted(Clinic, phone, comment)).Outcome.ShouldBe(Api.Messaging.InboundSmsOutcome.SurveyComment);
        await WaitForProjections();
        var dumped = await Dump();
        foreach (var value in new[] { phone, type, reason, comment }) dumped.ShouldContain(value, Case.Insensitive, "seen before the erasure");

        var accepted = await PostJson("/api/v1/privacy/erasures", new { subjectType = "patient", subjectId = patient, reason = "art. 17 request" }, 202);
        (await WaitForErasure(accepted.Id())).Str("status").ShouldBe("completed");
        await WaitForProjections();

        var dump = await Dump();
        foreach (var value in new[] { name, phone, phone[3..], email, type, reason, comment })
            dump.ShouldNotContain(value, Case.Insensitive, $"'{value}' is still in the database");
        var appointment = await Host.Appointment(Clinic, kept);
        (appointment.Type, appointment.Status, appointment.Reminders.Count).ShouldBe((Masked.Text, ChiroClick.Domain.Appointments.AppointmentStatus.Booked, 1));
        (await Host.Appointment(Clinic, cancelled.Id)).CancelReason.ShouldBe(Masked.Text);
        await using (var session = Store.QuerySession(Clinic.Id.ToString()))
        {
            var questions = await session.Query<ChiroClick.Domain.Communications.SmsQuestion>().Where(q => q.PatientId == patient).ToListAsync();
            questions.Count.ShouldBe(2, "the reminder and the survey question");
            questions.ShouldAllBe(q => q.Phone == Masked.Text);
        }
        var response = (await Host.GetJson<Api.Common.Paged<Projections.Surveys.SurveyResponse>>(Clinic, $"/api/v1/crm/surveys/{survey.Id()}/responses")).Items.Single();
        (response.Score, response.Comment).ShouldBe((9, Masked.Text));
        (await new ProjectionVerifier(ConnectionString).VerifyAsync([], clinics: [Clinic.Id.ToString()])).SelectMany(r => r.Differences).ShouldBeEmpty();
    }

    [Fact]
    public async Task Patient_inside_the_retention_period_is_refused_but_marketing_data_can_go_and_the_export_holds_the_events()
    {
        var name = "Torvald Eksport" + tag;
        var patient = (await (await As(s =>
        {
            s.Post.Json(new { fullName = name, email = $"te.{tag}@example.no", consents = new[] { new { channel = "email", purpose = "marketing" } } })
                .ToUrl("/api/v1/patients");
            s.StatusCodeShouldBe(201);
        })).ReadAsJsonAsync<PatientCreated>())!.Id;
        var visitAt = Fixture.Clock.GetUtcNow().AddYears(-2);
        await PostJson($"/api/v1/patients/{patient}/visits", new { completedAt = visitAt, treatment = "manipulasjon" }, 201);
        await PostJson("/api/v1/crm/communications", new { channel = "email", direction = "outbound", subject = $"Tilbud til {name}", patientId = patient }, 201);

        var refused = await As(s =>
        {
            s.Post.Json(new { subjectType = "patient", subjectId = patient, reason = "art. 17 request" }).ToUrl("/api/v1/privacy/erasures");
            s.StatusCodeShouldBe(409);
        });
        var problem = JsonNode.Parse(await refused.ReadAsTextAsync())!;
        DateTimeOffset.Parse(problem.Str("possibleFrom")).ShouldBe(visitAt.AddYears(10), TimeSpan.FromSeconds(1));
        (await Host.GetJson(Clinic, $"/api/v1/privacy/erasures/{Guid.Parse(problem.Str("erasureId"))}")).Str("status").ShouldBe("refused");
        await As(s =>
        {
            s.Post.Json(new { subjectType = "patient", subjectId = Guid.NewGuid(), reason = "x" }).ToUrl("/api/v1/privacy/erasures");
            s.StatusCodeShouldBe(404);
        });
        await As(s => { s.Post.Json(new { subjectType = "lead" }).ToUrl("/api/v1/privacy/erasures"); s.StatusCodeShouldBe(400); });

        var export = await Host.GetJson(Clinic, $"/api/v1/privacy/subjects/patient/{patient}/export");
        var types = export["events"]!.AsArray().Select(e => e!.Str("type")).ToList();
        types.ShouldContain("patient_registered");
        types.ShouldContain("visit_completed");
        types.ShouldContain("communication_logged");
        export["events"]!.AsArray().First()!.Str("userName").ShouldBe(Clinic.User);
        export["patient"]!.Str("fullName").ShouldBe(name);
        export["communications"]!.AsArray().Count.ShouldBe(1);
        var again = await Host.GetJson(Clinic, $"/api/v1/privacy/subjects/patient/{patient}/export");
        again["accessLog"]!.AsArray().Select(a => a!.Str("path")).ShouldContain($"/api/v1/privacy/subjects/patient/{patient}/export");
        await Host.GetJson(Clinic, $"/api/v1/privacy/subjects/visitor/{patient}/export", 400);

        var marketing = await PostJson("/api/v1/privacy/erasures",
            new { subjectType = "patient", subjectId = patient, reason = "withdrew marketing", scope = "marketing" }, 202);
        (await WaitForErasure(marketing.Id())).Str("status").ShouldBe("completed");
        await using (var session = Store.QuerySession(Clinic.Id.ToString()))
            ((long)(await session.LoadAsync<ChiroClick.Projections.Patients.PatientSummary>(patient))!.Version)
                .ShouldBe((await session.Events.FetchStreamStateAsync(patient))!.Version, "writers append at the summary's version");
        var record = await Host.GetJson(Clinic, $"/api/v1/patients/{patient}");
        record.Str("fullName").ShouldBe(name, "the patient record stays");
        record["consents"]!.AsArray().ShouldBeEmpty();
        var communications = await Host.GetJson(Clinic, $"/api/v1/crm/communications?patientId={patient}");
        communications.ToJsonString().ShouldNotContain(name);
    }

    [Fact]
    public async Task Retention_dry_run_lists_leads_idle_longer_than_the_period_and_a_run_erases_them()
    {
        var old = await Host.CapturedLead(Clinic, LeadScenarios.NewLead("Gammel Lead" + tag, "website", null, $"g.{tag}@example.no", "Vondt i nakken"));
        Fixture.Clock.Advance(TimeSpan.FromDays(800));
        var fresh = await Host.CapturedLead(Clinic, LeadScenarios.NewLead("Ny Lead" + tag, "website", null, $"n.{tag}@example.no", "Vondt i nakken"));
        var options = new Api.Privacy.PrivacyOptions();
        await using (var query = Store.QuerySession(Clinic.Id.ToString()))
        {
            var due = await Api.Privacy.RetentionJob.CandidatesAsync(query, options, Fixture.Clock.GetUtcNow(), default);
            due.Select(c => c.SubjectId).ShouldBe([old.Id]);
        }
        await Host.MessageBus().InvokeForTenantAsync(Clinic.Id.ToString(), new Api.Privacy.RunRetention());
        for (var i = 0; i < 150 && (await Host.Lead(Clinic, old.Id)).FullName != Masked.Text; i++) await Task.Delay(200);
        (await Host.Lead(Clinic, old.Id)).FullName.ShouldBe(Masked.Text);
        (await Host.Lead(Clinic, fresh.Id)).FullName.ShouldBe("Ny Lead" + tag);
        await using var session = Store.QuerySession(Clinic.Id.ToString());
        var run = await session.Events.QueryRawEventDataOnly<RetentionRunCompleted>().SingleAsync();
        run.LeadsErased.ShouldBe(1);
    }

    private async Task<JsonNode> PostJson(string url, object body, int status)
    {
        var result = await As(s => { s.Post.Json(body).ToUrl(url); s.StatusCodeShouldBe(status); });
        return JsonNode.Parse(await result.ReadAsTextAsync())!;
    }

    private async Task<JsonNode> WaitForErasure(Guid id)
    {
        for (var i = 0; i < 150; i++)
        {
            var e = await Host.GetJson(Clinic, $"/api/v1/privacy/erasures/{id}");
            if (e.Str("status") != "pending") return e;
            await Task.Delay(200);
        }
        throw new TimeoutException($"Erasure {id} still pending");
    }

    private async Task<WorkflowRun> WaitForRun(Guid workflowId, Func<WorkflowRun, bool> ok)
    {
        for (var i = 0; i < 150; i++)
        {
            var runs = (await (await As(s => s.Get.Url($"/api/v1/crm/workflows/{workflowId}/runs"))).ReadAsJsonAsync<ChiroClick.Api.Common.Paged<WorkflowRun>>())!.Items;
            if (runs.FirstOrDefault(ok) is { } run) return run;
            await Task.Delay(200);
        }
        throw new TimeoutException($"No matching run of workflow {workflowId}");
    }

    /// <summary>The whole database (every schema), as pg_dump writes it, with the test's connection settings.</summary>
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
