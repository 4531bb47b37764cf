using ChiroClick.Domain.Clinics;

namespace ChiroClick.Api.Clinics;

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

    /// <summary>
    /// The settings of a registered clinic, read outside a request (the CLI's import and seed). Throws
    /// <see cref="InvalidOperationException"/> naming the <c>clinics add</c> command when no clinic has that id.
    /// </summary>
    public static async Task<ClinicSettings> ForRegisteredClinicAsync(IDocumentStore store, Guid clinicId, CancellationToken ct)
    {
        await using var query = store.QuerySession(Access.ApiKeys.TenantOf(clinicId));
        var clinic = await query.Events.AggregateStreamAsync<Clinic>(clinicId, token: ct)
                     ?? throw new InvalidOperationException($"No clinic with id {clinicId}. Register one with: clinics add \"<name>\"");
        return clinic.Settings;
    }
}

/// <summary>Body of <c>PUT /api/v1/crm/settings</c>: fields left out keep their value.</summary>
/// <param name="CheckInFrequencyDays">Check-in frequency, 1..365 days.</param>
/// <param name="ChurnThresholdDays">Churn threshold, 1..1095 days.</param>
/// <param name="WaitlistOfferHours">Offer lifetime in hours (1..168), kept for compatibility.</param>
/// <param name="SurveyAfterVisit">Whether a survey follows visits.</param>
/// <param name="ReminderHoursBefore">Hours before an appointment at which reminders go out (0..8 distinct values, each 1..336).</param>
/// <param name="ReminderChannel">sms, email or both.</param>
/// <param name="WaitlistOffersAtOnce">Entries a freed slot is offered to at once (1..20).</param>
/// <param name="WaitlistOfferMinutes">Lifetime of a waitlist offer in minutes (5..10080); <c>waitlistOfferHours</c> alone sets it to hours × 60.</param>
public sealed record UpdateSettings(int? CheckInFrequencyDays = null, int? ChurnThresholdDays = null, int? WaitlistOfferHours = null,
    bool? SurveyAfterVisit = null, IReadOnlyList<int>? ReminderHoursBefore = null, ReminderChannel? ReminderChannel = null,
    int? WaitlistOffersAtOnce = null, int? WaitlistOfferMinutes = null);

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
    /// <summary>400 for values out of range: check-in frequency 1..365 days, churn threshold 1..1095 days, offer 1..168 hours, and the
    /// reminder and waitlist limits of <see cref="UpdateSettings"/>.</summary>
    public static ProblemDetails Validate(UpdateSettings command)
    {
        var errors = new Dictionary<string, string[]>();
        if (command.CheckInFrequencyDays is < 1 or > 365) errors.Add("checkInFrequencyDays", "checkInFrequencyDays must be 1..365.");
        if (command.ChurnThresholdDays is < 1 or > 1095) errors.Add("churnThresholdDays", "churnThresholdDays must be 1..1095.");
        if (command.WaitlistOfferHours is < 1 or > 168) errors.Add("waitlistOfferHours", "waitlistOfferHours must be 1..168.");
        if (command.ReminderHoursBefore is { } hours && (hours.Count > 8 || hours.Any(h => h is < 1 or > 336) || hours.Distinct().Count() != hours.Count))
            errors.Add("reminderHoursBefore", "reminderHoursBefore holds at most 8 distinct hours, each 1..336.");
        if (command.WaitlistOffersAtOnce is < 1 or > 20) errors.Add("waitlistOffersAtOnce", "waitlistOffersAtOnce must be 1..20.");
        if (command.WaitlistOfferMinutes is < 5 or > 10080) errors.Add("waitlistOfferMinutes", "waitlistOfferMinutes must be 5..10080.");
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
            command.SurveyAfterVisit ?? current.SurveyAfterVisit,
            command.ReminderChannel ?? current.ReminderChannel,
            command.WaitlistOffersAtOnce ?? current.WaitlistOffersAtOnce,
            command.WaitlistOfferMinutes ?? (command.WaitlistOfferHours is { } h ? h * 60 : current.WaitlistOfferMinutes))
        {
            ReminderHoursBefore = command.ReminderHoursBefore?.OrderByDescending(x => x).ToList() ?? current.ReminderHoursBefore,
        };
        var clinicId = ClinicSettingsStore.ClinicIdOf(session);
        if (ClinicDecisions.ChangeSettings(clinicId, current, next) is { Count: > 0 } changed) session.Events.Append(clinicId, changed.ToArray());
        return next;
    }
}
