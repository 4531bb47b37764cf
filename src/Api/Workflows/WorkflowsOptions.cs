using System.ComponentModel.DataAnnotations;

namespace ChiroClick.Api.Workflows;

/// <summary>Settings of the workflow engine, configuration section <c>Workflows</c>; validated at start-up.</summary>
public sealed class WorkflowsOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Workflows";

    /// <summary>
    /// <c>Workflows:BackdatedWindow</c> (TimeSpan, default 2 days): a visit, survey answer or lifecycle move recorded longer than
    /// this after its business time (an import of history) starts no workflow.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "36500.00:00:00")]
    public TimeSpan BackdatedWindow { get; set; } = TimeSpan.FromDays(2);

    /// <summary>
    /// <c>Workflows:MaxAttempts</c> (default 8): attempts after which a transient channel failure (SMTP down, provider 5xx,
    /// Ollama unreachable) fails the step for good.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int MaxAttempts { get; set; } = 8;
}
