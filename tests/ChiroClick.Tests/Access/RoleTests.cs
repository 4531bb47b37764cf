using System.Text.Json;
using System.Text.RegularExpressions;
using ChiroClick.Api.Access;
using ChiroClick.Api.Infrastructure;
using ChiroClick.Domain.Clinics;
using ChiroClick.Tests.Patients;
using ChiroClick.Tests.Infrastructure;

namespace ChiroClick.Tests.Access;

public sealed class RoleTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private static readonly KeyRole[] AllRoles = Enum.GetValues<KeyRole>();

    /// <summary>The issue's words, written out independently of the code's declarations.</summary>
    private static readonly string[] AnalystRoutes =
    [
        "GET /api/v1/crm/leads/pipeline", "GET /api/v1/crm/lifecycle/stats", "GET /api/v1/crm/retention", "GET /api/v1/crm/retention/churn",
        "GET /api/v1/crm/retention/cohorts", "GET /api/v1/crm/surveys/nps/stats", "GET /api/v1/crm/referrals/stats", "GET /api/v1/ai/metrics",
        "GET /api/v1/crm/overview", "GET /api/v1/crm/analytics/calls", "GET /api/v1/crm/analytics/appointments",
    ];

    private static readonly string[] IntegrationRoutes =
        ["POST /api/v1/crm/sms/inbound", "POST /api/v1/crm/campaigns/{id}/events", "POST /api/v1/telephony/events"];

    [Fact]
    public async Task every_operation_of_the_openapi_document_allows_exactly_the_declared_roles_and_refuses_the_rest_with_403_naming_them()
    {
        var operations = await Host.OpenApiOperations();
        var declared = Host.DeclaredAccess();
        // Public pages need no key; signed provider webhooks take a signature instead of a key (WebhookTests).
        var keyed = operations.Where(o => !o.Split(' ')[1].StartsWith("/api/v1/public/", StringComparison.Ordinal) &&
                                          !o.Split(' ')[1].StartsWith("/api/v1/webhooks/", StringComparison.Ordinal) &&
                                          o.Split(' ')[1].StartsWith("/api/", StringComparison.Ordinal)).ToList();
        keyed.Count.ShouldBeGreaterThan(70);
        // Every keyed operation of the document has a declared policy, and every declared route is in the document.
        keyed.Where(o => !declared.ContainsKey(o)).ShouldBeEmpty();
        declared.Keys.Where(k => !operations.Contains(k)).ShouldBeEmpty();

        var keys = new Dictionary<KeyRole, string>();
        foreach (var role in AllRoles) keys[role] = (await Host.IssuedKey(Clinic, $"matrix-{ChiroJson.Wire(role)}", role)).Key;

        var allowed = AllRoles.ToDictionary(r => r, _ => new HashSet<string>());
        var mistakes = new List<string>();
        foreach (var op in operations)
        {
            var (method, path) = (op.Split(' ')[0], op.Split(' ')[1]);
            var url = Regex.Replace(path, @"\{[^}]+\}", _ => Guid.NewGuid().ToString());
            declared.TryGetValue(op, out var access);
            var signedWebhook = path.StartsWith("/api/v1/webhooks/", StringComparison.Ordinal);
            foreach (var role in AllRoles)
            {
                var result = await Host.Scenario(s =>
                {
                    s.WithRequestHeader("X-Api-Key", keys[role]);
                    switch (method)
                    {
                        case "GET": s.Get.Url(url); break;
                        case "DELETE": s.Delete.Url(url); break;
                        case "PUT": s.Put.Json(new { }).ToUrl(url); break;
                        default: s.Post.Json(new { }).ToUrl(url); break;
                    }
                    s.IgnoreStatusCode();
                });
                var status = result.Context.Response.StatusCode;
                if (signedWebhook)
                {
                    // A key of any role is no signature: signed webhooks refuse it (401).
                    if (status != 401) mistakes.Add($"{op} as {role}: {status}, expected 401 (a key is not a webhook signature)");
                    continue;
                }
                var mayCall = access is null || access.Roles.Contains(role);
                if (mayCall)
                {
                    if (status is 401 or 403) mistakes.Add($"{op} as {role}: {status}, expected allowed");
                    else allowed[role].Add(op);
                    continue;
                }
                if (status != 403) { mistakes.Add($"{op} as {role}: {status}, expected 403"); continue; }
                result.Context.Response.ContentType.ShouldBe("application/problem+json");
                using var body = JsonDocument.Parse(await result.ReadAsTextAsync());
                var named = body.RootElement.GetProperty("allowedRoles").EnumerateArray().Select(e => e.GetString()!).ToList();
                named.ShouldBe(access!.RoleNames, $"{op} as {role}");
                var detail = body.RootElement.GetProperty("detail").GetString()!;
                foreach (var name in named) detail.ShouldContain(name);
                body.RootElement.GetProperty("role").GetString().ShouldBe(ChiroJson.Wire(role));
            }
        }
        mistakes.ShouldBeEmpty();

        // The issue's rules, checked against what the API actually did.
        allowed[KeyRole.Admin].Intersect(keyed).ShouldBe(keyed, ignoreOrder: true);
        allowed[KeyRole.Auditor].Intersect(keyed).ShouldBe(keyed.Where(o => o.StartsWith("GET ")), ignoreOrder: true);
        allowed[KeyRole.Analyst].Intersect(keyed).ShouldBe(AnalystRoutes, ignoreOrder: true);
        allowed[KeyRole.Exporter].Intersect(keyed).ShouldBe(keyed.Where(o => o.Split(' ')[1].StartsWith("/api/v1/training/export")), ignoreOrder: true);
        allowed[KeyRole.Integration].Intersect(keyed).ShouldBe(IntegrationRoutes, ignoreOrder: true);
        foreach (var staff in new[] { KeyRole.Clinician, KeyRole.FrontDesk, KeyRole.Marketing, KeyRole.Analyst, KeyRole.Exporter, KeyRole.Integration })
        {
            allowed[staff].ShouldNotContain(o => o.Contains("/api/v1/audit/") || o.Contains("/api/v1/admin/") || o.Contains("/crm/settings"), staff.ToString());
            if (staff != KeyRole.Exporter) allowed[staff].ShouldNotContain(o => o.Contains("/api/v1/training/"), staff.ToString());
        }
        allowed[KeyRole.Clinician].ShouldContain("GET /api/v1/patients/{id}");
        allowed[KeyRole.Clinician].ShouldContain("POST /api/v1/ai/suggestions/{id}/accept");
        allowed[KeyRole.FrontDesk].ShouldContain("POST /api/v1/crm/leads");
        allowed[KeyRole.FrontDesk].ShouldNotContain("GET /api/v1/ai/suggestions");
        allowed[KeyRole.Marketing].ShouldContain("POST /api/v1/crm/campaigns/{id}/launch");
        allowed[KeyRole.Marketing].ShouldNotContain(o => o.Contains("/api/v1/patients") || o.Contains("/api/v1/ai/suggestions"));
    }

    [Fact]
    public async Task the_readme_role_table_is_the_declared_policy()
    {
        var declared = Host.DeclaredAccess().Values.ToList();
        var rows = ReadmeRoleTable();
        rows.Select(r => r.Group).ShouldBe(FeatureAccess.All.Select(g => g.Name), ignoreOrder: true);

        foreach (var row in rows)
        {
            var group = FeatureAccess.All.Single(g => g.Name == row.Group);
            row.Routes.ShouldBe(group.Routes.Select(r => r.ToString()), ignoreOrder: true, $"routes of {row.Group}");
            var endpoints = declared.Where(a => a.Group == row.Group).ToList();
            endpoints.ShouldNotBeEmpty();
            foreach (var role in AllRoles)
            {
                var may = endpoints.Where(e => e.Roles.Contains(role)).ToList();
                var expected = may.Count == endpoints.Count ? "✓"
                    : may.Count == 0 ? "—"
                    : may.All(e => e.Method == "GET") && may.Count == endpoints.Count(e => e.Method == "GET") ? "GET"
                    : $"mixed: {string.Join(", ", may.Select(e => e.Method + " " + e.Template))}";
                row.Cells[ChiroJson.Wire(role)].ShouldBe(expected, $"README: {row.Group} × {ChiroJson.Wire(role)}");
            }
        }
    }

    private sealed record ReadmeRow(string Group, List<string> Routes, Dictionary<string, string> Cells);

    private static List<ReadmeRow> ReadmeRoleTable()
    {
        var lines = File.ReadAllLines(Path.Combine(AppFixture.RepositoryRoot(), "README.md"));
        var start = Array.FindIndex(lines, l => l.StartsWith("| route group | routes |", StringComparison.Ordinal));
        start.ShouldBeGreaterThanOrEqualTo(0, "README.md has no '| route group | routes | ...' table");
        var header = Cells(lines[start]);
        var rows = new List<ReadmeRow>();
        foreach (var line in lines.Skip(start + 2).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = Cells(line);
            var routes = Regex.Matches(cells[1], "`([^`]+)`").Select(m => m.Groups[1].Value).ToList();
            rows.Add(new ReadmeRow(cells[0], routes, header.Skip(2).Select((h, i) => (h, v: cells[i + 2])).ToDictionary(x => x.h, x => x.v)));
        }
        header.Skip(2).ShouldBe(AllRoles.Select(r => ChiroJson.Wire(r)));
        return rows;
    }

    private static List<string> Cells(string line) => line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToList();

    [Fact]
    public async Task front_desk_sees_the_national_identity_number_masked_and_clinicians_see_it_whole()
    {
        const string fnr = "13097248022";
        var patient = await Host.RegisteredPatient(Clinic, fnr: fnr);
        var frontDesk = Clinic with { Key = (await Host.IssuedKey(Clinic, "resepsjon", KeyRole.FrontDesk)).Key };
        var clinician = Clinic with { Key = (await Host.IssuedKey(Clinic, "kiropraktor", KeyRole.Clinician)).Key };
        var auditor = Clinic with { Key = (await Host.IssuedKey(Clinic, "revisor", KeyRole.Auditor)).Key };

        async Task<string> Read(TestClinic who, string url) =>
            await (await Host.Scenario(s => { s.WithRequestHeader("X-Api-Key", who.Key); s.Get.Url(url); })).ReadAsTextAsync();

        var masked = await Read(frontDesk, $"/api/v1/patients/{patient.Id}");
        masked.ShouldContain("\"nationalIdentityNumber\":\"******48022\"");
        masked.ShouldNotContain(fnr);
        masked.ShouldContain("Ola Nordmann");
        (await Read(frontDesk, "/api/v1/patients")).ShouldNotContain(fnr);
        (await Read(frontDesk, "/api/v1/patients")).ShouldContain("******48022");
        // The audit trail carries the number inside stored event data: masked there too.
        var trail = await Read(auditor, $"/api/v1/audit/streams/{patient.Id}");
        trail.ShouldContain("******48022");
        trail.ShouldNotContain(fnr);

        (await Read(clinician, $"/api/v1/patients/{patient.Id}")).ShouldContain($"\"nationalIdentityNumber\":\"{fnr}\"");
        (await Read(Clinic, $"/api/v1/patients/{patient.Id}")).ShouldContain(fnr);
        NationalIdentityNumberMasking.Mask("13097248022").ShouldBe("******48022");
    }

    [Fact]
    public async Task an_issued_key_acts_with_its_role_and_a_revoked_key_is_refused_at_once()
    {
        var issued = await Host.IssuedKey(Clinic, "resepsjon", KeyRole.FrontDesk);
        issued.Key.ShouldStartWith(issued.Prefix);
        issued.Role.ShouldBe(KeyRole.FrontDesk);
        (await Host.Keys(Clinic)).Single(k => k.Prefix == issued.Prefix).LastUsedAt.ShouldBeNull();
        (await Host.StatusOf(issued.Key, "/api/v1/crm/leads")).ShouldBe(200);
        (await Host.StatusOf(issued.Key, "/api/v1/audit/events")).ShouldBe(403);

        var listed = (await Host.Keys(Clinic)).Single(k => k.Prefix == issued.Prefix);
        listed.User.ShouldBe("resepsjon");
        listed.Status.ShouldBe(KeyStatus.Active);
        listed.IssuedAt.ShouldNotBeNull();
        listed.LastUsedAt!.Value.ShouldBe(Fixture.Clock.GetUtcNow(), TimeSpan.FromSeconds(30));
        var list = await Host.Scenario(s => { s.WithRequestHeader("X-Api-Key", Clinic.Key); s.Get.Url("/api/v1/admin/keys"); });
        (await list.ReadAsTextAsync()).ShouldNotContain(issued.Key);

        await As(s => { s.Delete.Url($"/api/v1/admin/keys/{issued.Prefix}"); s.StatusCodeShouldBe(204); });
        var refused = await Host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", issued.Key);
            s.Get.Url("/api/v1/crm/leads");
            s.StatusCodeShouldBe(401);
        });
        (await refused.ReadAsTextAsync()).ShouldContain("revoked");
        (await Host.Keys(Clinic)).Single(k => k.Prefix == issued.Prefix).Status.ShouldBe(KeyStatus.Revoked);

        await As(s => { s.Delete.Url($"/api/v1/admin/keys/{issued.Prefix}"); s.StatusCodeShouldBe(204); });
        await As(s => { s.Delete.Url("/api/v1/admin/keys/cc_nope0"); s.StatusCodeShouldBe(404); });
        await using var session = Store.QuerySession(Clinic.Id.ToString());
        (await session.Events.FetchStreamAsync(Clinic.Id)).Count(e => e.Data is ApiKeyRevoked).ShouldBe(1);
        (await session.Events.FetchStreamAsync(Clinic.Id)).Last(e => e.Data is ApiKeyIssued).UserName.ShouldBe(Clinic.User);
    }

    [Fact]
    public async Task a_key_revoked_elsewhere_is_refused_within_one_second()
    {
        var issued = await Host.IssuedKey(Clinic, "kiropraktor", KeyRole.Clinician);
        (await Host.StatusOf(issued.Key, "/api/v1/patients")).ShouldBe(200); // now cached on this node

        // The CLI's path: another process, no eviction of this node's cache.
        (await ApiKeys.RevokeAsync(Store, Clinic.Id, issued.Prefix)).Outcome.ShouldBe(RevokeOutcome.Revoked);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (await Host.StatusOf(issued.Key, "/api/v1/patients") != 401)
        {
            watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1));
            await Task.Delay(50);
        }
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task an_expired_key_is_refused()
    {
        var issued = await Host.IssuedKey(Clinic, "vikar", KeyRole.Clinician, expiresInDays: 2);
        issued.ExpiresAt.ShouldNotBeNull();
        (await Host.StatusOf(issued.Key, "/api/v1/patients")).ShouldBe(200);

        Fixture.Clock.Advance(TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1));
        (await Host.StatusOf(issued.Key, "/api/v1/patients")).ShouldBe(200);
        Fixture.Clock.Advance(TimeSpan.FromMinutes(2));
        (await Host.StatusOf(issued.Key, "/api/v1/patients")).ShouldBe(401);
        (await Host.Keys(Clinic)).Single(k => k.Prefix == issued.Prefix).Status.ShouldBe(KeyStatus.Expired);
        (await Host.StatusOf(Clinic.Key, "/api/v1/patients")).ShouldBe(200);
    }

    [Fact]
    public async Task issuing_a_key_validates_user_role_and_expiry()
    {
        await As(s => { s.Post.Json(new { user = "x" }).ToUrl("/api/v1/admin/keys"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Json(new { role = "clinician" }).ToUrl("/api/v1/admin/keys"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Json(new { user = "x", role = "superuser" }).ToUrl("/api/v1/admin/keys"); s.StatusCodeShouldBe(400); });
        await As(s => { s.Post.Json(new { user = "x", role = "clinician", expiresInDays = 0 }).ToUrl("/api/v1/admin/keys"); s.StatusCodeShouldBe(400); });
        (await Host.Keys(Clinic)).Count.ShouldBe(1);
        var clinician = (await Host.IssuedKey(Clinic, "kiropraktor", KeyRole.Clinician)).Key;
        var result = await Host.Scenario(s =>
        {
            s.WithRequestHeader("X-Api-Key", clinician);
            s.Post.Json(new { user = "x", role = "admin" }).ToUrl("/api/v1/admin/keys");
            s.StatusCodeShouldBe(403);
        });
        (await result.ReadAsTextAsync()).ShouldContain("\"allowedRoles\":[\"admin\"]");
    }

    [Fact]
    public async Task keys_issued_before_roles_existed_act_as_admin()
    {
        // An ApiKeyIssued as written before this change: no role, no expiry.
        var key = ApiKeys.NewKey();
        await using (var session = Store.LightweightSession(Clinic.Id.ToString()))
        {
            session.Events.Append(Clinic.Id, new ApiKeyIssued(Clinic.Id, ApiKeys.Hash(key), ApiKeys.PrefixOf(key), "legacy"));
            await session.SaveChangesAsync();
        }
        (await Host.StatusOf(key, "/api/v1/audit/events")).ShouldBe(200);
        (await Host.StatusOf(key, "/api/v1/crm/settings")).ShouldBe(200);
        (await Host.Keys(Clinic)).Single(k => k.User == "legacy").Role.ShouldBe(KeyRole.Admin);

        // A lookup document as stored before this change (no role, times or revocation) reads as an active admin key.
        var old = Store.Options.Serializer().FromJson<ChiroClick.Projections.Access.ApiKeyRecord>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
            $$"""{"id":"abc","clinicId":"{{Clinic.Id}}","userName":"old","keyPrefix":"cc_abcde"}""")));
        old.Role.ShouldBe(KeyRole.Admin);
        old.IsActiveAt(DateTimeOffset.UtcNow).ShouldBeTrue();
    }
}
