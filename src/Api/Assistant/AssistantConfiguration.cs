using ChiroClick.AiGateway.Embeddings;
using ChiroClick.Api.Assistant.Retrieval;
using ChiroClick.Domain.Assistant;
using ChiroClick.Projections.Assistant;
using JasperFx.Events.Projections;

namespace ChiroClick.Api.Assistant;

/// <summary>Registration of the clinical assistant: documents, chat sessions, the knowledge index and retrieval.</summary>
public static class AssistantConfiguration
{
    /// <summary>
    /// Event types, the inline <see cref="ClinicDocumentSummary"/>, and the chunk table with its indexes: source and patient,
    /// and one GIN full-text index per configuration (<c>to_tsvector('norwegian'|'english', data->>'text')</c>, what
    /// <see cref="LexicalSearch"/> queries). One line in MartenConfiguration.
    /// </summary>
    public static void ConfigureAssistant(this StoreOptions opts)
    {
        opts.Events.AddEventTypes([typeof(ClinicDocumentAdded), typeof(ChatSessionStarted), typeof(ChatQuestionAsked),
            typeof(ChatAnswered)]);
        opts.AddInline<ClinicDocumentSummaryProjection>();
        opts.Schema.For<ClinicDocumentSummary>().Index(x => x.AddedAt);
        opts.Schema.For<KnowledgeChunk>().Index(x => x.SourceId).Index(x => x.PatientId)
            .FullTextIndex("norwegian", x => x.Text).FullTextIndex("english", x => x.Text);
    }

    /// <summary>
    /// <see cref="AssistantOptions"/> (validated at start-up), the embedder (<c>Ai:Embeddings</c>), retrieval, and the async
    /// <see cref="KnowledgeChunkProjection"/> "Knowledge" (it needs the embedder from the container). One line in Program.cs.
    /// </summary>
    public static IServiceCollection AddChiroClickAssistant(this IServiceCollection services)
    {
        services.AddOptions<AssistantOptions>().BindConfiguration(AssistantOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddEmbeddings();
        services.AddSingleton<IVectorStore, PostgresVectorStore>();
        services.AddSingleton<LexicalSearch>();
        services.AddSingleton<HybridRetriever>();
        services.ConfigureMarten((sp, opts) => opts.Projections.Add(new KnowledgeChunkProjection(sp.GetRequiredService<ITextEmbedder>()),
            ProjectionLifecycle.Async, KnowledgeChunkProjection.Name, o =>
            {
                Infrastructure.MartenConfiguration.Tuned(o);
                // Embedding is the cost of a page: smaller pages keep a rebuild's progress visible.
                o.BatchSize = 500;
                o.DeleteViewTypeOnTeardown<KnowledgeChunk>();
            }));
        return services;
    }
}
