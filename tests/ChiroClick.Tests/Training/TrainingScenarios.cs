using ChiroClick.Domain.Ai;
using ChiroClick.Domain.Patients;
using Marten;

namespace ChiroClick.Tests.Training;

/// <summary>Appends AI-feedback events directly with Marten, as the AI gateway will.</summary>
public static class TrainingScenarios
{
    public const string SystemPrompt = "Du er en norsk kiropraktor. Skriv SOAP-notat.";

    public static async Task<Guid> RegisterPatientAsync(IDocumentStore store, Guid clinicId, string fullName)
    {
        var id = Guid.NewGuid();
        await using var session = store.LightweightSession(clinicId.ToString());
        session.Events.StartStream(id, new PatientRegistered(id, fullName, new DateOnly(1979, 5, 13), null, "+4791454925", null, null, [], null, null));
        await session.SaveChangesAsync();
        return id;
    }

    public static AiSuggestionGenerated Generated(Guid id, Guid? patientId, string userPrompt, string output,
        AiTask task = AiTask.SoapNorwegian, double? confidence = null, string? variant = null) =>
        new(id, task, ModelRole.Norwegian, "chiro-norwegian", "chiro-norwegian", false, variant, patientId, "40–49",
            SystemPrompt, userPrompt, output, 1200, 300, 120, confidence);

    /// <summary>Starts a suggestion stream with the generated event and, optionally, the decision.</summary>
    public static async Task<Guid> SuggestAsync(IDocumentStore store, Guid clinicId, Guid? patientId, string userPrompt, string output,
        Func<Guid, object>? decision = null, AiTask task = AiTask.SoapNorwegian, double? confidence = null, string? variant = null)
    {
        var id = Guid.NewGuid();
        await using var session = store.LightweightSession(clinicId.ToString());
        var events = new List<object> { Generated(id, patientId, userPrompt, output, task, confidence, variant) };
        if (decision is not null) events.Add(decision(id));
        session.Events.StartStream(id, events.ToArray());
        await session.SaveChangesAsync();
        return id;
    }

    public static Func<Guid, object> Accepted => id => new AiSuggestionAccepted(id, 4000);
    public static Func<Guid, object> Modified(string correction, FeedbackKind kind = FeedbackKind.MinorEdit) =>
        id => new AiSuggestionModified(id, correction, kind, 0.12, 9000);
    public static Func<Guid, object> Rejected(string? correction) => id => new AiSuggestionRejected(id, "feil", correction, 3000);
}
