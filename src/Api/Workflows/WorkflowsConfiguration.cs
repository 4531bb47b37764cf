using System.Net.Sockets;
using ChiroClick.AiGateway;
using ChiroClick.Domain.Workflows;
using MailKit.Net.Smtp;
using Wolverine.ErrorHandling;
using Wolverine.Marten.Subscriptions;

namespace ChiroClick.Api.Workflows;

/// <summary>Marten and Wolverine registration of workflows and staff tasks.</summary>
public static class WorkflowsConfiguration
{
    /// <summary>Durable local queue the workflow steps run on.</summary>
    public const string Queue = "workflow-steps";

    /// <summary>Workflow, run and task events with their inline snapshots (the read models), and the run indexes the triggers query.</summary>
    public static void ConfigureWorkflows(this StoreOptions opts)
    {
        opts.AddInlineSnapshot<Workflow>();
        opts.Listeners.Add(ActiveWorkflowsCache.Invalidation);
        opts.AddInlineSnapshot<WorkflowRun>();
        opts.AddInlineSnapshot<StaffTask>();
        opts.Events.AddEventTypes([typeof(WorkflowCreated), typeof(WorkflowUpdated), typeof(WorkflowActivated),
            typeof(WorkflowDeactivated), typeof(WorkflowRunStarted), typeof(WorkflowStepCompleted),
            typeof(WorkflowStepAwaitingApproval), typeof(WorkflowStepFailed), typeof(WorkflowRunCompleted),
            typeof(StaffTaskCreated), typeof(StaffTaskCompleted), typeof(CallTaskCreated), typeof(CallTaskAttempted)]);
        opts.Schema.For<WorkflowRun>().Index(x => x.WorkflowId).Index(x => x.PatientId).Index(x => x.AwaitingSuggestionId);
        opts.Schema.For<StaffTask>().Index(x => x.DueAt).Index(x => x.Phone);
    }

    /// <summary>
    /// Registers <see cref="WorkflowsOptions"/> (section <c>Workflows</c>, validated at start-up), the dispatcher's
    /// <see cref="WorkflowSteps"/> and the step kinds this feature owns (wait, create_task, call_task). The other kinds are
    /// registered by the feature that owns their effect (Messaging, Surveys, Patients, Ai), one <see cref="IWorkflowStep"/> per
    /// <see cref="WorkflowStepType"/>.
    /// </summary>
    public static IServiceCollection AddChiroClickWorkflows(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WorkflowsOptions>().Bind(configuration.GetSection(WorkflowsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IWorkflowStep, WaitStep>();
        services.AddSingleton<IWorkflowStep, CreateTaskStep>();
        services.AddSingleton<IWorkflowStep, CallTaskStep>();
        services.AddSingleton<WorkflowSteps>();
        return services;
    }

    /// <summary>
    /// The events the workflow triggers react to: visits, leads, survey answers and lifecycle moves, appointment outcomes,
    /// and the AI suggestion decisions that release draft_sms steps awaiting approval.
    /// </summary>
    public static void RelayWorkflowEvents(this IPublishingRelay relay)
    {
        relay.PublishEvent<ChiroClick.Domain.Leads.LeadCaptured>();
        relay.PublishEvent<ChiroClick.Domain.Leads.LeadStageChanged>();
        relay.PublishEvent<ChiroClick.Domain.Patients.VisitCompleted>();
        relay.PublishEvent<ChiroClick.Domain.Patients.LifecycleStageChanged>();
        relay.PublishEvent<ChiroClick.Domain.Surveys.SurveyResponseReceived>();
        relay.PublishEvent<ChiroClick.Domain.Ai.AiSuggestionAccepted>();
        relay.PublishEvent<ChiroClick.Domain.Ai.AiSuggestionModified>();
        relay.PublishEvent<ChiroClick.Domain.Ai.AiSuggestionRejected>();
        relay.PublishEvent<ChiroClick.Domain.Appointments.AppointmentBooked>();
        relay.PublishEvent<ChiroClick.Domain.Appointments.AppointmentCancelled>();
        relay.PublishEvent<ChiroClick.Domain.Appointments.AppointmentNoShow>();
        relay.PublishEvent<ChiroClick.Domain.Appointments.AppointmentCompleted>();
    }

    /// <summary>
    /// Steps go through a durable local queue (persisted with the transaction that queued them; survive restarts). Transient
    /// failures (SMTP/HTTP/socket errors, Ollama unreachable) are retried quickly, then as durable scheduled retries with
    /// growing delays; the step handler fails the step for good after <c>Workflows:MaxAttempts</c>. Two messages racing on
    /// one run (the sweep's safety net and the scheduled one) end in a concurrency error for one of them, retried into a no-op.
    /// </summary>
    public static void ConfigureWorkflowQueue(this WolverineOptions opts)
    {
        opts.PublishMessage<ExecuteWorkflowStep>().ToLocalQueue(Queue);
        opts.LocalQueue(Queue).UseDurableInbox().MaximumParallelMessages(4);
        opts.OnException<JasperFx.ConcurrencyException>().Or<Marten.Exceptions.ExistingStreamIdCollisionException>()
            .RetryWithCooldown(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500));
        opts.OnException<AiGatewayException>(ex => ex.Status is 503 or 504)
            .RetryWithCooldown(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5))
            .Then.ScheduleRetry(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30),
                TimeSpan.FromHours(1), TimeSpan.FromHours(2));
    }

    /// <summary>Whether a channel or gateway failure is worth retrying (the step fails for good once the attempts are spent).</summary>
    public static bool IsTransient(Exception ex) => ex is SmtpCommandException or SmtpProtocolException or IOException or SocketException
        or HttpRequestException or TimeoutException or AiGatewayException { Status: 503 or 504 };
}
