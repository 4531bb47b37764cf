using ChiroClick.Api.Campaigns;
using ChiroClick.Api.Messaging;
using ChiroClick.Api.Access;
using ChiroClick.Api.Ai;
using ChiroClick.Api.Tools;
using ChiroClick.Api.Assistant;
using ChiroClick.Api.Audit;
using ChiroClick.Api.Patients;
using ChiroClick.Api.Surveys;
using ChiroClick.Api.Common.InputPolicies;
using ChiroClick.Api.Health;
using ChiroClick.Api.Infrastructure;
using ChiroClick.Api.Webhooks;
using ChiroClick.Api.Workflows;
using ChiroClick.Api.Privacy;
using ChiroClick.Api.Telephony;
using JasperFx;

var builder = WebApplication.CreateBuilder(args);
builder.AddChiroClickLogging();

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddRequestTracing();
builder.Services.AddChiroClickAi(builder.Configuration);
builder.Services.ConfigureHttpJsonOptions(o => ChiroJson.Apply(o.SerializerOptions));
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ChiroClick.Api.Common.BadJsonExceptionHandler>();
builder.Services.AddChiroClickMarten(builder.Configuration);
builder.Services.AddChiroClickAccess();
builder.Services.AddChiroClickRateLimiting();
builder.Services.AddChiroClickRequestLimits();
builder.Services.AddChiroClickWebhooks();
builder.Services.AddChiroClickDataProtection(builder.Configuration);
builder.Services.AddRecordAccessLog(builder.Configuration);
builder.Services.AddChiroClickHealth();
builder.Services.AddChiroClickPatients();
builder.Services.AddChiroClickSurveys();
builder.Services.AddChiroClickMessaging(builder.Configuration);
builder.Services.AddChiroClickCampaigns(builder.Configuration);
builder.Services.AddChiroClickWorkflows(builder.Configuration);
builder.Services.AddChiroClickPrivacy(builder.Configuration);
builder.Services.AddChiroClickTelephony();
builder.Services.AddChiroClickAssistant();
builder.Services.AddChiroClickOpenApi();
builder.Services.AddWolverineHttp();
builder.Host.UseWolverine(opts => opts.ConfigureChiroClick(builder.Configuration));

var app = builder.Build();

app.UseRequestLog();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseFailedKeyLimit();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseRequestLimits();
app.UseInputPolicies();
app.UseNationalIdentityNumberMasking();
app.UseRecordAccessLog();
app.MapChiroClickHealth();
app.MapChiroClickOpenApi();
app.MapPublicOptOut();
app.MapPublicSurveys();
app.MapWolverineEndpoints(opts => opts.ConfigureChiroClickEndpoints());
app.UseDevelopmentClinic();

return await app.RunJasperFxCommands(ProjectionsVerifyCommand.RewriteArgs(args));

/// <summary>Entry point marker for the test host.</summary>
public partial class Program;
