using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ChiroClick.Api.Infrastructure;

/// <summary>
/// The reference a consumer reads: one tag per feature in DESIGN.md's vocabulary (chosen by route prefix, so a new
/// route lands under its feature without touching this file), a one-line description per tag, <c>servers</c>
/// (the server that served the document, else the local default), <c>info.contact</c> and <c>info.license</c>.
/// Operation ids and summaries are declared on each endpoint (<c>OperationId</c>, <c>Summary</c>).
/// </summary>
public static class OpenApiReference
{
    /// <summary>Route prefix → tag, longest prefix first.</summary>
    public static readonly (string Prefix, string Tag)[] TagsByPrefix =
    [
        ("/api/v1/crm/analytics", "Analytics"),
        ("/api/v1/crm/leads", "Leads"),
        ("/api/v1/crm/lifecycle", "Lifecycle"),
        ("/api/v1/crm/retention", "Retention"),
        ("/api/v1/crm/surveys", "Surveys"),
        ("/api/v1/crm/referrals", "Referrals"),
        ("/api/v1/crm/communications", "Communications"),
        ("/api/v1/crm/waitlist", "Waitlist"),
        ("/api/v1/crm/campaigns", "Campaigns"),
        ("/api/v1/crm/sms", "Campaigns"),
        ("/api/v1/crm/workflows", "Workflows"),
        ("/api/v1/crm/tasks", "Tasks"),
        ("/api/v1/crm/overview", "Clinic"),
        ("/api/v1/crm/settings", "Clinic"),
        ("/api/v1/patients", "Patients"),
        ("/api/v1/appointments", "Appointments"),
        ("/api/v1/telephony", "Telephony"),
        ("/api/v1/consultations", "Consultations"),
        ("/api/v1/assistant", "Assistant"),
        ("/api/v1/ai", "AI suggestions"),
        ("/api/v1/training", "Training data"),
        ("/api/v1/audit", "Audit"),
        ("/api/v1/privacy", "Privacy"),
        ("/api/v1/admin", "Administration"),
        ("/api/v1/webhooks", "Webhooks"),
        ("/api/v1/public", "Public pages"),
    ];

    /// <summary>One line per tag, for the document's <c>tags</c>.</summary>
    public static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Leads"] = "Prospective patients from capture through the lead stages (new → contacted → consultation_booked → converted | lost), with lead score and pipeline.",
        ["Patients"] = "Patient records (contact data, fødselsnummer, consents) and their completed visits.",
        ["Lifecycle"] = "Lifecycle stages of patients (new, active, at_risk, inactive, lost, reactivated), automatic and manual moves.",
        ["Retention"] = "Retention cohorts (month of first visit × months since), churn and the retention summary.",
        ["Surveys"] = "Satisfaction surveys, their answers (score 0–10 and comment) and NPS.",
        ["Referrals"] = "Patients who referred leads or patients, conversions and rewards.",
        ["Communications"] = "The log of calls, SMS, e-mails and letters with patients and leads.",
        ["Waitlist"] = "Patients waiting for an earlier slot, and slot offers.",
        ["Campaigns"] = "E-mail and SMS campaigns to an audience with consent: drafts, scheduling, launch, delivery reports, opt-outs.",
        ["Workflows"] = "Automations: a trigger and steps (wait, message, survey, task, lifecycle move, AI draft), and their runs.",
        ["Tasks"] = "Follow-up tasks for the clinic's staff, created by hand or by workflows.",
        ["Clinic"] = "The clinic's settings and dashboard overview.",
        ["Appointments"] = "Bookings, reminders, confirmations, check-in, no-shows and completion.",
        ["Telephony"] = "Calls from the clinic's phone system, caller-ID screen pop and the call log.",
        ["Consultations"] = "Consultation transcripts and their structured notes.",
        ["Assistant"] = "Clinic documents, retrieval over the clinic's own records, and chat with citations.",
        ["AI suggestions"] = "Suggestions from the routed local models (default, fast, norwegian, medical) and clinicians' decisions on them.",
        ["Training data"] = "Anonymised SFT examples and DPO pairs from clinicians' feedback, as JSON Lines.",
        ["Audit"] = "The event store as history: events, a record's state as of a time or version, and the record-access log.",
        ["Analytics"] = "Aggregate figures computed by projections.",
        ["Privacy"] = "Erasure, subject access export and retention of personal data (GDPR art. 15, 17, 20).",
        ["Administration"] = "API keys and dead letters, for the clinic's administrator.",
        ["Webhooks"] = "Signed callbacks from SMS, e-mail and phone providers (Standard Webhooks).",
        ["Public pages"] = "Pages patients open from links in messages (signed tokens, no API key).",
    };

    /// <summary>The tag of a route, or "Other" when no prefix matches.</summary>
    public static string TagOf(string path) =>
        TagsByPrefix.Where(t => path.StartsWith(t.Prefix, StringComparison.Ordinal)).Select(t => t.Tag).FirstOrDefault() ?? "Other";

    private const string ImplementationResult = "IResult";

    /// <summary>
    /// Endpoints returning ASP.NET's <c>IResult</c> get a 200 "IResult" response from Wolverine beside the status they
    /// declare: a generated client would then read the wrong (empty) type. That 200 goes where another 2xx is declared;
    /// elsewhere it becomes a plain JSON object (the body's fields are described in the operation's description).
    /// </summary>
    private static void DropImplementationResult(OpenApiOperation operation)
    {
        if (operation.Responses is null) return;
        foreach (var (status, response) in operation.Responses.Where(r => r.Key.StartsWith('2')).ToList())
        {
            var content = response.Content;
            if (content is null || !content.Values.Any(m => m.Schema is OpenApiSchemaReference { Reference.Id: ImplementationResult })) continue;
            if (operation.Responses.Keys.Any(k => k.StartsWith('2') && k != status))
            {
                operation.Responses.Remove(status);
                continue;
            }
            foreach (var media in content.Values.Where(m => m.Schema is OpenApiSchemaReference { Reference.Id: ImplementationResult }))
                media.Schema = new OpenApiSchema { Type = JsonSchemaType.Object };
        }
    }

    /// <summary>"Who may call it", from the same declarations the server enforces (the feature's *Access class).</summary>
    private static string WhoMayCall(IList<object> metadata, string? method)
    {
        var access = metadata.OfType<Access.RouteAccess>().FirstOrDefault(a => string.Equals(a.Method, method, StringComparison.OrdinalIgnoreCase))
                     ?? metadata.OfType<Access.RouteAccess>().FirstOrDefault();
        if (access is not null)
            return $"**Who may call it:** keys with role {string.Join(", ", access.RoleNames.Select(r => $"`{r}`"))} (route group {access.Group}).";
        var schemes = metadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Select(a => a.AuthenticationSchemes).OfType<string>().ToList();
        if (schemes.Any(s => s != Access.ApiKeyAuthentication.SchemeName))
            return "**Who may call it:** the clinic's provider, signed with the clinic's webhook secret (Standard Webhooks headers `webhook-id`, " +
                   "`webhook-timestamp`, `webhook-signature`); no API key.";
        return "**Who may call it:** anyone with the link; no API key.";
    }

    /// <summary>Adds the tag, server, contact and license transformers.</summary>
    public static OpenApiOptions AddReference(this OpenApiOptions options) =>
        options
            .AddOperationTransformer((operation, context, _) =>
            {
                var path = "/" + (context.Description.RelativePath ?? "").Split('?')[0].TrimStart('/');
                operation.Tags = new HashSet<OpenApiTagReference> { new(TagOf(path), context.Document) };
                // The endpoint's declared one-line summary wins; the method's XML <summary> (what it appends, its
                // errors) becomes the description, replacing Wolverine's route-shaped default.
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var declared = metadata.OfType<Microsoft.AspNetCore.Http.Metadata.IEndpointSummaryMetadata>().LastOrDefault()?.Summary;
                if (declared is not null && operation.Summary != declared)
                {
                    if (!string.IsNullOrWhiteSpace(operation.Summary)) operation.Description = operation.Summary;
                    operation.Summary = declared;
                }
                if (operation.Description?.Contains("_api_v1_", StringComparison.Ordinal) == true) operation.Description = null;
                operation.Description = $"{operation.Description}\n\n{WhoMayCall(metadata, context.Description.HttpMethod)}".Trim();
                DropImplementationResult(operation);
                return Task.CompletedTask;
            })
            .AddDocumentTransformer((document, context, _) =>
            {
                var used = (document.Paths ?? new OpenApiPaths()).Values
                    .SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
                    .SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>())
                    .Select(t => t.Name).OfType<string>().ToHashSet();
                document.Components?.Schemas?.Remove(ImplementationResult);
                document.Tags = new HashSet<OpenApiTag>(TagsByPrefix.Select(t => t.Tag).Distinct().Where(used.Contains)
                    .Select(t => new OpenApiTag { Name = t, Description = TagDescriptions.GetValueOrDefault(t, t) }));

                var request = context.ApplicationServices.GetService<IHttpContextAccessor>()?.HttpContext?.Request;
                document.Servers =
                [
                    request is not null
                        ? new OpenApiServer { Url = $"{request.Scheme}://{request.Host}{request.PathBase}", Description = "This server" }
                        : new OpenApiServer { Url = "http://127.0.0.1:5080", Description = "Local development (scripts/run.sh)" },
                ];
                document.Info.Contact = new OpenApiContact
                {
                    Name = "ChiroClick API support",
                    Url = new Uri("https://chiroclick.example/support"),
                };
                document.Info.License = new OpenApiLicense { Name = "Proprietary", Url = new Uri("https://chiroclick.example/license") };
                return Task.CompletedTask;
            });
}
