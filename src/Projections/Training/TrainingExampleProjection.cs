using ChiroClick.Domain.Ai;
using ChiroClick.Domain.Patients;
using ChiroClick.Projections.Training.Anonymisation;

namespace ChiroClick.Projections.Training;

/// <summary>
/// Async projection of clinical feedback into anonymised training examples, per clinic (tenant):
/// <list type="bullet">
/// <item>AiSuggestionAccepted → <see cref="SftExample"/> with the model's output as assistant message;</item>
/// <item>AiSuggestionModified → <see cref="SftExample"/> with the correction, and a <see cref="DpoExample"/>
/// (chosen = correction, rejected = output);</item>
/// <item>AiSuggestionRejected with a correction → <see cref="DpoExample"/>; without one → nothing.</item>
/// </list>
/// Anonymisation happens here, with the clinic's known names (<see cref="TrainingNameBook"/>, fed by
/// PatientRegistered / PatientDetailsUpdated, and practitioners from VisitCompleted, in this same projection), so rebuilding the projection applies the current
/// <see cref="Anonymiser.Version"/> to all history. Lookups are batched: per tenant and event page, one load
/// of the name book and one load of the drafts the page's decisions refer to — never one per event.
/// </summary>
public sealed class TrainingExampleProjection : IProjection
{
    /// <summary>Projection name (progress row, rebuild command: <c>projections rebuild -p Training</c>).</summary>
    public const string Name = "Training";

    /// <summary>
    /// The documents this projection writes. A custom projection does not declare them to Marten, so tools
    /// that compare read models (<c>projections verify</c>) take them from here.
    /// </summary>
    public static readonly IReadOnlyList<Type> PublishedDocumentTypes =
        [typeof(SftExample), typeof(DpoExample), typeof(TrainingDraft), typeof(TrainingNameBook)];

    private readonly Anonymiser _anonymiser;

    /// <summary>Creates the projection with <see cref="Anonymiser.Default"/>.</summary>
    public TrainingExampleProjection() : this(Anonymiser.Default) { }

    /// <summary>Creates the projection with a given anonymiser.</summary>
    public TrainingExampleProjection(Anonymiser anonymiser) => _anonymiser = anonymiser;

    /// <summary>Applies one page of events (all tenants) to the training documents.</summary>
    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        foreach (var tenant in events.Where(e => e.Data is PatientRegistered or PatientDetailsUpdated or VisitCompleted or IAiSuggestionEvent).GroupBy(e => e.TenantId))
        {
            var ops = string.IsNullOrEmpty(tenant.Key) || tenant.Key == operations.TenantId ? operations : operations.ForTenant(tenant.Key);
            await ApplyTenantAsync(ops, tenant.OrderBy(e => e.Sequence).ToList(), cancellation);
        }
    }

    private async Task ApplyTenantAsync(IDocumentOperations ops, List<IEvent> events, CancellationToken ct)
    {
        var drafts = new Dictionary<Guid, TrainingDraft>();
        var decided = events.Where(e => e.Data is AiSuggestionAccepted or AiSuggestionModified or AiSuggestionRejected)
            .Select(e => ((IAiSuggestionEvent)e.Data).SuggestionId).ToHashSet();
        decided.ExceptWith(events.Where(e => e.Data is AiSuggestionGenerated).Select(e => ((AiSuggestionGenerated)e.Data).SuggestionId));
        if (decided.Count > 0)
            foreach (var draft in await ops.LoadManyAsync<TrainingDraft>(ct, decided.ToArray())) drafts[draft.Id] = draft;

        var book = await ops.LoadAsync<TrainingNameBook>(TrainingNameBook.DocumentId, ct) ?? new TrainingNameBook();
        var bookChanged = false;
        KnownNames? names = null;
        // Within a page the same texts recur (one system prompt for a task; a modified suggestion's prompt and
        // output go into both its SFT and DPO example): anonymise each once. Cleared when the names change.
        var cleaned = new Dictionary<string, string>(StringComparer.Ordinal);
        Func<string, string> clean = text =>
        {
            if (cleaned.TryGetValue(text, out var done)) return done;
            names ??= new KnownNames(book.Patients.Values, book.Practitioners.Values);
            return cleaned[text] = _anonymiser.Clean(text, names);
        };

        foreach (var e in events)
        {
            switch (e.Data)
            {
                case PatientRegistered registered:
                    book.Patients[registered.PatientId] = registered.FullName;
                    bookChanged = true;
                    names = null;
                    cleaned.Clear();
                    break;

                case PatientDetailsUpdated updated when book.Patients.GetValueOrDefault(updated.PatientId) != updated.FullName:
                    book.Patients[updated.PatientId] = updated.FullName;
                    bookChanged = true;
                    names = null;
                    cleaned.Clear();
                    break;

                // Practitioners are known from the visits they completed.
                case VisitCompleted visit when !string.IsNullOrWhiteSpace(visit.Practitioner) && !book.Practitioners.ContainsKey(visit.Practitioner.Trim()):
                    book.Practitioners[visit.Practitioner.Trim()] = visit.Practitioner.Trim();
                    bookChanged = true;
                    names = null;
                    cleaned.Clear();
                    break;

                case AiSuggestionGenerated generated:
                    var draft = new TrainingDraft
                    {
                        Id = generated.SuggestionId, Task = generated.Task, ModelUsed = generated.ModelUsed, Variant = generated.Variant,
                        AgeRange = generated.PatientAgeRange, SystemPrompt = generated.SystemPrompt, UserPrompt = generated.UserPrompt,
                        Output = generated.Output, Confidence = generated.Confidence,
                    };
                    drafts[draft.Id] = draft;
                    ops.Store(draft);
                    break;

                case AiSuggestionAccepted accepted when drafts.TryGetValue(accepted.SuggestionId, out var d):
                    ops.Store(Sft(d, d.Output, FeedbackKind.AcceptedAsIs, e.Sequence, clean));
                    break;

                case AiSuggestionModified modified when drafts.TryGetValue(modified.SuggestionId, out var d):
                    ops.Store(Sft(d, modified.Correction, modified.CorrectionType, e.Sequence, clean));
                    ops.Store(Dpo(d, modified.Correction, modified.CorrectionType, e.Sequence, clean));
                    break;

                case AiSuggestionRejected rejected when drafts.TryGetValue(rejected.SuggestionId, out var d):
                    // A rejection without the clinician's own text teaches nothing we can write down.
                    if (!string.IsNullOrWhiteSpace(rejected.Correction))
                        ops.Store(Dpo(d, rejected.Correction, FeedbackKind.Rejected, e.Sequence, clean));
                    break;
            }
        }
        if (bookChanged) ops.Store(book);
    }

    private static TrainingMetadata Metadata(TrainingDraft d, FeedbackKind kind, string? system) => new()
    {
        Task = ChiroClick.Domain.Common.WireName.Of(d.Task),
        CorrectionType = ChiroClick.Domain.Common.WireName.Of(kind),
        Confidence = d.Confidence,
        Model = d.ModelUsed,
        Variant = d.Variant,
        AgeRange = d.AgeRange,
        System = system,
    };

    private static SftExample Sft(TrainingDraft d, string assistant, FeedbackKind kind, long sequence, Func<string, string> clean)
    {
        var line = new SftLine(
        [
            new ChatMessage("system", clean(d.SystemPrompt)),
            new ChatMessage("user", clean(d.UserPrompt)),
            new ChatMessage("assistant", clean(assistant)),
        ], Metadata(d, kind, null));
        return new SftExample
        {
            Id = d.Id, Sequence = sequence, Task = line.Metadata.Task, CorrectionType = line.Metadata.CorrectionType, Line = line,
            ContentHash = TrainingJson.Hash(TrainingJson.Utf8(line)), AnonymiserVersion = Anonymiser.Version,
        };
    }

    private static DpoExample Dpo(TrainingDraft d, string chosen, FeedbackKind kind, long sequence, Func<string, string> clean)
    {
        var line = new DpoLine(clean(d.UserPrompt), clean(chosen), clean(d.Output), Metadata(d, kind, clean(d.SystemPrompt)));
        return new DpoExample
        {
            Id = d.Id, Sequence = sequence, Task = line.Metadata.Task, CorrectionType = line.Metadata.CorrectionType, Line = line,
            ContentHash = TrainingJson.Hash(TrainingJson.Utf8(line)), AnonymiserVersion = Anonymiser.Version,
        };
    }
}
