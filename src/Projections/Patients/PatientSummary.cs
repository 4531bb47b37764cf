using ChiroClick.Domain.Patients;

namespace ChiroClick.Projections.Patients;

/// <summary>
/// Read model of one patient for lists, caller-ID lookup, lifecycle lists and the detail view. Inline
/// (same transaction as the events). Visit times are the visits' business time
/// (<see cref="VisitCompleted.CompletedAt"/>); registration and update times are event timestamps.
/// </summary>
public sealed class PatientSummary
{
    /// <summary>Patient id (= stream id).</summary>
    public Guid Id { get; set; }
    /// <summary>Stream version; send it back as <c>expectedVersion</c> when updating.</summary>
    public int Version { get; set; }
    /// <summary>Full name.</summary>
    public string FullName { get; set; } = "";
    /// <summary>Date of birth or null.</summary>
    public DateOnly? BirthDate { get; set; }
    /// <summary>Fødselsnummer / D-nummer or null.</summary>
    public string? NationalIdentityNumber { get; set; }
    /// <summary>E.164 phone (+4799887766) or null; the caller-ID lookup matches on it.</summary>
    public string? Phone { get; set; }
    /// <summary>E-mail or null.</summary>
    public string? Email { get; set; }
    /// <summary>Postal address or null.</summary>
    public PostalAddress? Address { get; set; }
    /// <summary>Consents given.</summary>
    public List<ConsentGrant> Consents { get; set; } = new();
    /// <summary>The lead this patient was converted from, if any.</summary>
    public Guid? FromLeadId { get; set; }
    /// <summary>Source-system id of imported patients ("synthea:&lt;id&gt;").</summary>
    public string? ExternalId { get; set; }
    /// <summary>Current lifecycle stage.</summary>
    public LifecycleStage Stage { get; set; }
    /// <summary>Business time of the last lifecycle move (registration time until the first).</summary>
    public DateTimeOffset StageChangedAt { get; set; }
    /// <summary>Number of visits.</summary>
    public int VisitCount { get; set; }
    /// <summary>Earliest visit time, or null.</summary>
    public DateTimeOffset? FirstVisitAt { get; set; }
    /// <summary>Latest visit time, or null.</summary>
    public DateTimeOffset? LastVisitAt { get; set; }
    /// <summary>When the patient was registered (event timestamp).</summary>
    public DateTimeOffset RegisteredAt { get; set; }
    /// <summary>When the record last changed (event timestamp).</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Inline single-stream projection building <see cref="PatientSummary"/>.</summary>
public sealed class PatientSummaryProjection : SingleStreamProjection<PatientSummary, Guid>
{
    /// <summary>Starts the summary in stage new.</summary>
    public static PatientSummary Create(IEvent<PatientRegistered> e) => new()
    {
        Id = e.Data.PatientId,
        FullName = e.Data.FullName,
        BirthDate = e.Data.BirthDate,
        NationalIdentityNumber = e.Data.NationalIdentityNumber,
        Phone = e.Data.Phone,
        Email = e.Data.Email,
        Address = e.Data.Address,
        Consents = e.Data.Consents.ToList(),
        FromLeadId = e.Data.FromLeadId,
        ExternalId = e.Data.ExternalId,
        Stage = LifecycleStage.New,
        StageChangedAt = e.Timestamp,
        RegisteredAt = e.Timestamp,
        UpdatedAt = e.Timestamp,
    };

    /// <summary>Applies new details.</summary>
    public static void Apply(IEvent<PatientDetailsUpdated> e, PatientSummary s)
    {
        s.FullName = e.Data.FullName;
        s.BirthDate = e.Data.BirthDate;
        s.NationalIdentityNumber = e.Data.NationalIdentityNumber;
        s.Phone = e.Data.Phone;
        s.Email = e.Data.Email;
        s.Address = e.Data.Address;
        s.Consents = e.Data.Consents.ToList();
        s.UpdatedAt = e.Timestamp;
    }

    /// <summary>Adds a consent given after registration.</summary>
    public static void Apply(IEvent<ConsentGiven> e, PatientSummary s)
    {
        var grant = new ConsentGrant(e.Data.Channel, e.Data.Purpose);
        if (!s.Consents.Contains(grant)) s.Consents.Add(grant);
        s.UpdatedAt = e.Timestamp;
    }

    /// <summary>Removes a withdrawn consent (campaign sends check it again at send time).</summary>
    public static void Apply(IEvent<ConsentWithdrawn> e, PatientSummary s)
    {
        s.Consents.Remove(new ConsentGrant(e.Data.Channel, e.Data.Purpose));
        s.UpdatedAt = e.Timestamp;
    }

    /// <summary>Counts the visit.</summary>
    public static void Apply(IEvent<VisitCompleted> e, PatientSummary s)
    {
        var at = e.Data.CompletedAt;
        s.VisitCount++;
        if (s.FirstVisitAt is null || at < s.FirstVisitAt) s.FirstVisitAt = at;
        if (s.LastVisitAt is null || at > s.LastVisitAt) s.LastVisitAt = at;
        s.UpdatedAt = e.Timestamp;
    }

    /// <summary>Applies a lifecycle move.</summary>
    public static void Apply(IEvent<LifecycleStageChanged> e, PatientSummary s)
    {
        s.Stage = e.Data.To;
        s.StageChangedAt = e.Data.ChangedAt;
        s.UpdatedAt = e.Timestamp;
    }

    /// <summary>
    /// An erasure closed the stream: the masked fields come from the masked events; handled so the version stays the
    /// stream's (writers append at it). Seen on a stream of another subject type, it is no patient's: no document.
    /// </summary>
    public static bool ShouldDelete(ChiroClick.Domain.Privacy.PersonalDataErased e) => e.SubjectType != ChiroClick.Domain.Privacy.SubjectType.Patient;

    /// <summary>See <see cref="ShouldDelete"/>.</summary>
    public static void Apply(IEvent<ChiroClick.Domain.Privacy.PersonalDataErased> e, PatientSummary s) { }
}
