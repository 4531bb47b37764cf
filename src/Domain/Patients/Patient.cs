namespace ChiroClick.Domain.Patients;

/// <summary>
/// The patient aggregate: what <see cref="PatientDecisions"/> needs, rebuilt from the patient's events.
/// <see cref="Version"/> is the stream version.
/// </summary>
public sealed record Patient(
    Guid Id,
    string FullName,
    DateOnly? BirthDate,
    string? NationalIdentityNumber,
    string? Phone,
    string? Email,
    PostalAddress? Address,
    IReadOnlyList<ConsentGrant> Consents,
    string? ExternalId,
    LifecycleStage Stage,
    DateTimeOffset? LastVisitAt,
    int VisitCount)
{
    /// <summary>Stream version; set by Marten.</summary>
    public int Version { get; init; }

    /// <summary>Ids of the visit notes on the record (a redelivered note is recorded once).</summary>
    public IReadOnlySet<Guid> NoteIds { get; init; } = new HashSet<Guid>();

    /// <summary>Starts the aggregate.</summary>
    public static Patient Create(PatientRegistered e) =>
        new(e.PatientId, e.FullName, e.BirthDate, e.NationalIdentityNumber, e.Phone, e.Email, e.Address, e.Consents,
            e.ExternalId, LifecycleStage.New, null, 0);

    /// <summary>Applies new details.</summary>
    public Patient Apply(PatientDetailsUpdated e) => this with
    {
        FullName = e.FullName, BirthDate = e.BirthDate, NationalIdentityNumber = e.NationalIdentityNumber,
        Phone = e.Phone, Email = e.Email, Address = e.Address, Consents = e.Consents,
    };

    /// <summary>Counts the visit and keeps the latest visit time.</summary>
    public Patient Apply(VisitCompleted e) => this with
    {
        VisitCount = VisitCount + 1,
        LastVisitAt = LastVisitAt is { } last && last > e.CompletedAt ? last : e.CompletedAt,
    };

    /// <summary>Remembers the note's id.</summary>
    public Patient Apply(VisitNoteRecorded e) => this with { NoteIds = new HashSet<Guid>(NoteIds) { e.NoteId } };

    /// <summary>Applies a lifecycle move.</summary>
    public Patient Apply(LifecycleStageChanged e) => this with { Stage = e.To };

    /// <summary>Adds the consent (no duplicates).</summary>
    public Patient Apply(ConsentGiven e) => this with
    {
        Consents = Consents.Contains(new ConsentGrant(e.Channel, e.Purpose)) ? Consents : [.. Consents, new ConsentGrant(e.Channel, e.Purpose)],
    };

    /// <summary>Removes the consent.</summary>
    public Patient Apply(ConsentWithdrawn e) => this with
    {
        Consents = Consents.Where(c => c != new ConsentGrant(e.Channel, e.Purpose)).ToList(),
    };

    /// <summary>The state after <paramref name="events"/>.</summary>
    public Patient Replayed(IEnumerable<object> events) => events.Aggregate(this, (s, e) => e switch
    {
        PatientDetailsUpdated u => s.Apply(u),
        VisitCompleted v => s.Apply(v),
        LifecycleStageChanged c => s.Apply(c),
        ConsentGiven g => s.Apply(g),
        ConsentWithdrawn w => s.Apply(w),
        VisitNoteRecorded n => s.Apply(n),
        _ => s,
    });
}
