using ChiroClick.Domain.Patients;
using ChiroClick.Domain.Training;
using ChiroClick.Projections.Training;
using JasperFx.Events.Projections;

namespace ChiroClick.Api.Training;

/// <summary>Marten registration of the training-data module.</summary>
public static class TrainingConfiguration
{
    /// <summary>
    /// Registers the async <see cref="TrainingExampleProjection"/> (name "Training"), indexes the examples by
    /// decision sequence (exports select by watermark) and the event types the module reads and writes (the AI
    /// suggestion events it reads are registered once, by the Ai feature).
    /// </summary>
    public static void ConfigureTraining(this StoreOptions opts)
    {
        opts.Projections.Add(new TrainingExampleProjection(), ProjectionLifecycle.Async, TrainingExampleProjection.Name);
        opts.Schema.For<SftExample>().Index(x => x.Sequence);
        opts.Schema.For<DpoExample>().Index(x => x.Sequence);
        opts.Schema.For<TrainingDraft>();
        opts.Schema.For<TrainingNameBook>();
        opts.Events.AddEventTypes([typeof(PatientRegistered), typeof(PatientDetailsUpdated), typeof(VisitCompleted),
            typeof(TrainingDatasetExported)]);
    }
}
