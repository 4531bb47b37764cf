using System.Text.Json;
using System.Text.Json.Serialization;
using ChiroClick.Domain.Leads;
using ChiroClick.Projections.Leads;
using JasperFx.Events.Projections;
using Marten;
using Weasel.Core;

// The floor of the write path (issue 15, item 5): a bare ASP.NET Core minimal API + Marten doing the same lead capture as
// ChiroClick's POST /api/v1/crm/leads — the same events (LeadDecisions.Capture: LeadCaptured + LeadScored) in a new lead
// stream, the same inline Lead snapshot and LeadSummary projection, the same conjoined tenancy, event metadata columns and
// JSON — and nothing else: no authentication, no Wolverine, no access log, no input policies, no request log.
//   ConnectionStrings__Marten=... dotnet ChiroClick.Bench.BareLeadCapture.dll --urls http://127.0.0.1:5092
// The tenant is taken from the X-Tenant header (a fixed one when absent). Own schema: bare.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var connectionString = builder.Configuration.GetConnectionString("Marten")
                       ?? throw new InvalidOperationException("Set ConnectionStrings__Marten.");
builder.Services.ConfigureHttpJsonOptions(o => Json(o.SerializerOptions));
builder.Services.AddMarten(opts =>
    {
        opts.Connection(connectionString);
        opts.DatabaseSchemaName = "bare";
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, Json);
        opts.Events.TenancyStyle = JasperFx.MultiTenancy.TenancyStyle.Conjoined;
        opts.Policies.AllDocumentsAreMultiTenanted();
        opts.Events.MetadataConfig.UserNameEnabled = true;
        opts.Events.MetadataConfig.CorrelationIdEnabled = true;
        opts.Events.MetadataConfig.CausationIdEnabled = true;
        opts.Events.MetadataConfig.HeadersEnabled = true;
        opts.Projections.Snapshot<Lead>(SnapshotLifecycle.Inline);
        opts.Projections.Add<LeadSummaryProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<LeadSummary>().Index(x => x.CapturedAt);
    })
    .UseLightweightSessions()
    .ApplyAllDatabaseChangesOnStartup();

var app = builder.Build();
app.MapGet("/health", () => Results.Ok());
app.MapPost("/leads", async (CaptureLead command, HttpRequest request, IDocumentStore store, CancellationToken ct) =>
{
    if (string.IsNullOrWhiteSpace(command.FullName) || command.Source is null || (command.Phone is null && command.Email is null))
        return Results.Problem(statusCode: 400, title: "fullName, source and phone or email are required");
    var tenant = request.Headers["X-Tenant"].FirstOrDefault() ?? "bare-clinic";
    var id = Guid.CreateVersion7();
    var events = LeadDecisions.Capture(id, command.FullName, Phone(command.Phone), command.Email?.Trim().ToLowerInvariant(),
        command.Source.Value, command.Complaint, command.MarketingConsent, command.ReferredByPatientId);
    await using var session = store.LightweightSession(tenant);
    session.Events.StartStream<Lead>(id, [.. events]);
    await session.SaveChangesAsync(ct);
    var score = events.OfType<LeadScored>().Single().Score;
    return Results.Created($"/leads/{id}", new LeadCreated(id, $"/leads/{id}", LeadStage.New, score));
});
app.Run();

// ChiroClick's wire JSON (src/Api/Infrastructure/ChiroJson.cs): camelCase, snake_case enums.
static void Json(JsonSerializerOptions options)
{
    options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
    foreach (var existing in options.Converters.OfType<JsonStringEnumConverter>().ToList()) options.Converters.Remove(existing);
    options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
}

// Norwegian numbers to E.164, as ChiroClick stores them (a simplified NorwegianPhone).
static string? Phone(string? phone)
{
    if (string.IsNullOrWhiteSpace(phone)) return null;
    var digits = new string(phone.Where(char.IsDigit).ToArray());
    return digits.Length == 8 ? "+47" + digits : digits.Length == 10 && digits.StartsWith("47") ? "+" + digits : null;
}

/// <summary>Body of the capture, as ChiroClick's.</summary>
internal sealed record CaptureLead(string? FullName, string? Phone, string? Email, LeadSource? Source, string? Complaint,
    bool MarketingConsent = false, Guid? ReferredByPatientId = null);

/// <summary>Answer, as ChiroClick's.</summary>
internal sealed record LeadCreated(Guid Id, string Url, LeadStage Stage, int Score);
