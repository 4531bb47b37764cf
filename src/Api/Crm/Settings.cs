using ChiroClick.Api.Common;
using ChiroClick.Domain.Clinics;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ChiroClick.Api.Crm;

/// <summary>Reads the clinic's settings from its stream (clinic id = the session's tenant id).</summary>
public static class ClinicSettingsStore
{
    /// <summary>The clinic id of a tenanted session.</summary>
    public static Guid ClinicIdOf(IQuerySession session) => Guid.Parse(session.TenantId);

    /// <summary>The settings in force for the session's clinic (<see cref="ClinicSettings.Default"/> until changed).</summary>
    public static async Task<ClinicSettings> ForSessionAsync(IQuerySession session, CancellationToken ct = default)
    {
        var clinic = await session.Events.AggregateStreamAsync<Clinic>(ClinicIdOf(session), token: ct);
        return clinic?.Settings ?? ClinicSettings.Default;
    }
}

/// <summary>Body of <c>PUT /api/v1/crm/settings</c>: fields left out keep their value.</summary>
public sealed record UpdateSettings(int? CheckInFrequencyDays = null, int? ChurnThresholdDays = null, int? WaitlistOfferHours = null,
    bool? SurveyAfterVisit = null);

/// <summary><c>GET/PUT /api/v1/crm/settings</c>: the clinic's CRM settings (ClinicSettingsChanged on the clinic stream).</summary>
public static class GetSettingsEndpoint
{
    /// <summary>The settings in force.</summary>
    [WolverineGet("/api/v1/crm/settings", OperationId = "getSettings", Summary = "Get the clinic's settings")]
    public static Task<ClinicSettings> Get(IQuerySession session, CancellationToken ct) => ClinicSettingsStore.ForSessionAsync(session, ct);

}

/// <summary><c>PUT /api/v1/crm/settings</c>.</summary>
public static class UpdateSettingsEndpoint
{
    /// <summary>400 for values out of range: check-in frequency 1..365 days, churn threshold 1..1095 days, offer 1..168 hours.</summary>
    public static ProblemDetails Validate(UpdateSettings command)
    {
        var errors = new Dictionary<string, string[]>();
        if (command.CheckInFrequencyDays is < 1 or > 365) errors.Add("checkInFrequencyDays", "checkInFrequencyDays must be 1..365.");
        if (command.ChurnThresholdDays is < 1 or > 1095) errors.Add("churnThresholdDays", "churnThresholdDays must be 1..1095.");
        if (command.WaitlistOfferHours is < 1 or > 168) errors.Add("waitlistOfferHours", "waitlistOfferHours must be 1..168.");
        return Problems.Validation(errors);
    }

    /// <summary>Appends ClinicSettingsChanged when anything differs; answers the settings now in force.</summary>
    [WolverinePut("/api/v1/crm/settings", OperationId = "updateSettings", Summary = "Change the clinic's settings")]
    public static async Task<ClinicSettings> Put(UpdateSettings command, IDocumentSession session, CancellationToken ct)
    {
        var current = await ClinicSettingsStore.ForSessionAsync(session, ct);
        var next = new ClinicSettings(
            command.CheckInFrequencyDays ?? current.CheckInFrequencyDays,
            command.ChurnThresholdDays ?? current.ChurnThresholdDays,
            command.WaitlistOfferHours ?? current.WaitlistOfferHours,
            command.SurveyAfterVisit ?? current.SurveyAfterVisit);
        if (next != current)
        {
            var clinicId = ClinicSettingsStore.ClinicIdOf(session);
            session.Events.Append(clinicId, new ClinicSettingsChanged(clinicId, next));
        }
        return next;
    }
}
