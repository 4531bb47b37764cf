using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace ChiroClick.Api.Audit;

/// <summary>
/// Which GET routes are <b>not</b> access-logged, and why: each answers only aggregates or configuration, never a
/// per-person record. Every other authenticated GET is logged. The list is documented in README.md ("Access
/// log") and a test holds it against the OpenAPI document in both directions (every listed route exists and is not
/// logged; every other GET is logged).
/// </summary>
public static class AccessLogPolicy
{
    /// <summary>Route templates (as in the OpenAPI document) that are not logged → the reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> NotLogged = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["/api/v1/crm/leads/pipeline"] = "counts per stage, rates, lost reasons",
        ["/api/v1/crm/lifecycle/stats"] = "patients per stage, move counts",
        ["/api/v1/crm/retention"] = "clinic-wide retention figures",
        ["/api/v1/crm/retention/churn"] = "churn per month",
        ["/api/v1/crm/retention/cohorts"] = "cohort shares",
        ["/api/v1/crm/surveys/nps/stats"] = "NPS per month",
        ["/api/v1/crm/campaigns/{id}/stats"] = "counts per campaign",
        ["/api/v1/crm/overview"] = "dashboard counts",
        ["/api/v1/crm/analytics/appointments"] = "appointment counts and rates per week and practitioner",
        ["/api/v1/crm/settings"] = "clinic settings",
        ["/api/v1/ai/metrics"] = "suggestion counts and rates per day, task and model",
        ["/api/v1/ai/models"] = "configured models",
        ["/api/v1/training/export/stats"] = "example counts",
        ["/api/v1/crm/analytics/calls"] = "call counts, rates and medians per day",
    };

    /// <summary>
    /// Streams that log one record per pushed message instead of one per request (a stream never ends, so its body cannot be
    /// buffered and inspected): route template → what is logged. Only when the client asks for <c>text/event-stream</c>; their other
    /// answers are logged like any GET.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> LoggedPerMessage = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["/api/v1/telephony/screen-pop"] = "each pushed call, with its patients and leads",
    };

    /// <summary>True when the request reads a stream that logs each message itself (<see cref="LoggedPerMessage"/>).</summary>
    public static bool LogsItself(HttpContext http, string routeTemplate) =>
        LoggedPerMessage.ContainsKey(routeTemplate) &&
        http.Request.Headers.Accept.Any(a => a?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>True when an authenticated GET of <paramref name="routeTemplate"/> must be logged.</summary>
    public static bool IsLogged(string routeTemplate) => !NotLogged.ContainsKey(routeTemplate);

    private static readonly Regex Constraint = new(@"\{(\*{0,2}\w+)[:=?][^}]*\}", RegexOptions.Compiled);

    /// <summary>The endpoint's route template without constraints (<c>{id:guid}</c> → <c>{id}</c>), as OpenAPI spells it.</summary>
    public static string? RouteTemplateOf(HttpContext http) =>
        http.GetEndpoint() is RouteEndpoint e && e.RoutePattern.RawText is { } raw
            ? Constraint.Replace("/" + raw.TrimStart('/'), "{$1}")
            : null;
}

/// <summary>
/// Logs every authenticated read of personal data in one place. The response body is buffered, the patient and
/// lead ids it holds are collected (<see cref="AccessedRecordsReader"/>), the access is appended, and only then is
/// the body sent: when the log is unavailable the caller gets 503 and no data. Query-string values never reach
/// the log, only parameter names.
/// </summary>
public sealed class AccessLogMiddleware(RequestDelegate next, ILogger<AccessLogMiddleware> logger)
{
    /// <summary>Runs the request, logging it when it is an authenticated GET not on the aggregate list.</summary>
    public async Task InvokeAsync(HttpContext http, RecordAccessLog log)
    {
        var route = HttpMethods.IsGet(http.Request.Method) && http.User.Identity?.IsAuthenticated == true
            ? AccessLogPolicy.RouteTemplateOf(http)
            : null;
        if (route is null || !AccessLogPolicy.IsLogged(route) || AccessLogPolicy.LogsItself(http, route))
        {
            await next(http);
            return;
        }

        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
        }

        var status = http.Response.StatusCode;
        var records = status is >= 200 and < 300
            ? AccessedRecordsReader.Read(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), http.Response.ContentType, route, http.Request.RouteValues)
            : AccessedRecords.None;
        try
        {
            await log.AppendAsync(http, route, status, records, http.RequestAborted);
        }
        catch (NpgsqlException ex)
        {
            logger.LogError(ex, "A read of {Route} could not be logged; refused", route);
            http.Response.Clear();
            await Results.Problem(statusCode: 503, title: "Access log unavailable",
                detail: "This read must be logged before it is served, and the log is unavailable. Retry shortly.").ExecuteAsync(http);
            return;
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, http.RequestAborted);
    }
}

/// <summary>
/// Finds the patients and leads in an answer by the shape every read model shares: properties named
/// <c>patientId</c>, <c>…PatientId</c>, <c>patientIds</c>, <c>recipients</c> (patients) and <c>leadId</c>,
/// <c>…LeadId</c>, <c>leadIds</c> (leads) anywhere in the JSON; on patient routes (<c>/api/v1/patients…</c>,
/// <c>/api/v1/crm/lifecycle…</c>) and lead routes (<c>/api/v1/crm/leads…</c>) also the <c>id</c> of the record
/// (the root object or an element of the root array or of root <c>items</c>) and the route's <c>{id}</c>.
/// Row count: elements of the root array or of root <c>items</c>, 1 for any other JSON object, lines of JSON Lines.
/// </summary>
public static class AccessedRecordsReader
{
    private enum Kind { None, Patient, Lead }

    /// <summary>Reads <paramref name="body"/> (the buffered response) of a successful read of <paramref name="route"/>.</summary>
    public static AccessedRecords Read(ReadOnlyMemory<byte> body, string? contentType, string route, RouteValueDictionary routeValues)
    {
        var patients = new HashSet<Guid>();
        var leads = new HashSet<Guid>();
        var idKind = route.StartsWith("/api/v1/patients", StringComparison.OrdinalIgnoreCase) ||
                     route.StartsWith("/api/v1/crm/lifecycle", StringComparison.OrdinalIgnoreCase) ? Kind.Patient
            : route.StartsWith("/api/v1/crm/leads", StringComparison.OrdinalIgnoreCase) ? Kind.Lead
            : Kind.None;

        foreach (var (name, value) in routeValues)
        {
            if (!Guid.TryParse(value?.ToString(), out var g)) continue;
            var kind = name == "id" ? idKind : KindOf(name);
            if (kind == Kind.Patient) patients.Add(g);
            else if (kind == Kind.Lead) leads.Add(g);
        }

        var rows = 0;
        if (body.Length > 0 && contentType is not null && contentType.Contains("jsonl", StringComparison.OrdinalIgnoreCase))
        {
            rows = body.Span.Count((byte)'\n');
        }
        else if (body.Length > 0 && contentType is not null && contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                using var doc = JsonDocument.Parse(body);
                var root = doc.RootElement;
                if (root.ValueKind == JsonValueKind.Array)
                {
                    rows = root.GetArrayLength();
                    foreach (var item in root.EnumerateArray()) Walk(item, idKind, patients, leads);
                }
                else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
                {
                    rows = items.GetArrayLength();
                    foreach (var item in items.EnumerateArray()) Walk(item, idKind, patients, leads);
                    Walk(root, Kind.None, patients, leads);
                }
                else
                {
                    rows = root.ValueKind == JsonValueKind.Object ? 1 : 0;
                    Walk(root, idKind, patients, leads);
                }
            }
            catch (JsonException)
            {
                rows = 1;
            }
        }
        else if (body.Length > 0)
        {
            rows = 1;
        }
        return new AccessedRecords(patients, leads, rows);
    }

    private static Kind KindOf(string property) =>
        property.EndsWith("PatientId", StringComparison.OrdinalIgnoreCase) || property.EndsWith("PatientIds", StringComparison.OrdinalIgnoreCase) ||
        property.Equals("recipients", StringComparison.OrdinalIgnoreCase) || property.Equals("recipientIds", StringComparison.OrdinalIgnoreCase)
            ? Kind.Patient
            : property.EndsWith("LeadId", StringComparison.OrdinalIgnoreCase) || property.EndsWith("LeadIds", StringComparison.OrdinalIgnoreCase)
                ? Kind.Lead
                : Kind.None;

    // idKind applies to this object's own "id" only: nested objects (visits, stage changes) have ids of their own.
    private static void Walk(JsonElement element, Kind idKind, HashSet<Guid> patients, HashSet<Guid> leads)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray()) Walk(item, Kind.None, patients, leads);
            return;
        }
        if (element.ValueKind != JsonValueKind.Object) return;
        foreach (var p in element.EnumerateObject())
        {
            var kind = p.NameEquals("id") ? idKind : KindOf(p.Name);
            if (kind != Kind.None)
            {
                var target = kind == Kind.Patient ? patients : leads;
                if (p.Value.ValueKind == JsonValueKind.String && p.Value.TryGetGuid(out var g)) target.Add(g);
                else if (p.Value.ValueKind == JsonValueKind.Array)
                    foreach (var v in p.Value.EnumerateArray())
                        if (v.ValueKind == JsonValueKind.String && v.TryGetGuid(out var gi)) target.Add(gi);
            }
            if (p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array) Walk(p.Value, Kind.None, patients, leads);
        }
    }
}
