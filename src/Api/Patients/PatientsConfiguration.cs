using ChiroClick.Projections.Patients;

namespace ChiroClick.Api.Patients;

/// <summary>Marten and service registration of patients, visits and the lifecycle.</summary>
public static class PatientsConfiguration
{
    /// <summary>Inline read models of patients (indexed by phone, external id and name) and of their visits in time order.</summary>
    public static void ConfigurePatients(this StoreOptions opts)
    {
        opts.AddInline<PatientSummaryProjection>();
        opts.AddInline<PatientVisitsProjection>();
        opts.Schema.For<PatientSummary>().Index(x => x.Phone).Index(x => x.ExternalId).Index(x => x.FullName);
    }

    /// <summary>
    /// The lifecycle scheduler (a hosted service, also resolvable to trigger a sweep of every clinic), its start-up-validated
    /// <see cref="LifecycleSweepOptions"/> (section <c>Crm</c>) and the workflow step move_lifecycle_stage
    /// (<see cref="MoveLifecycleStageStep"/>).
    /// </summary>
    public static IServiceCollection AddChiroClickPatients(this IServiceCollection services)
    {
        services.AddOptions<LifecycleSweepOptions>().BindConfiguration(LifecycleSweepOptions.Section)
            .Validate(o => o.LifecycleSweepInterval <= LifecycleSweepOptions.MaxInterval,
                $"Crm:LifecycleSweepInterval must be at most {LifecycleSweepOptions.MaxInterval.TotalDays:0} days (00:00:00 turns the sweep off).")
            .ValidateOnStart();
        services.AddSingleton<LifecycleScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<LifecycleScheduler>());
        services.AddSingleton<Workflows.IWorkflowStep, MoveLifecycleStageStep>();
        return services;
    }
}
