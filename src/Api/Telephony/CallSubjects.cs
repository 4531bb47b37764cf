using ChiroClick.Domain.Workflows;
using ChiroClick.Projections.Telephony;

namespace ChiroClick.Api.Telephony;

/// <summary>The call streams of a subject, for erasure and the subject access export (<see cref="Privacy.SubjectGraph"/>).</summary>
public static class CallSubjects
{
    /// <summary>
    /// Calls attributed to the patients or leads (caller match), calls from or to their phone numbers (E.164) and call tasks for those
    /// numbers: a call from a number before anyone had it on record still names the person.
    /// </summary>
    public static async Task<IReadOnlyCollection<Guid>> StreamsAsync(IQuerySession session, IReadOnlyList<Guid> patientIds, IReadOnlyList<Guid> leadIds,
        IReadOnlyList<string> phones, CancellationToken ct)
    {
        var streams = new HashSet<Guid>();
        foreach (var pid in patientIds)
            streams.UnionWith(await session.Query<CallSummary>().Where(c => c.PatientIds.Contains(pid)).Select(c => c.Id).ToListAsync(ct));
        foreach (var lid in leadIds)
            streams.UnionWith(await session.Query<CallSummary>().Where(c => c.LeadIds.Contains(lid)).Select(c => c.Id).ToListAsync(ct));
        foreach (var phone in phones.Distinct())
        {
            streams.UnionWith(await session.Query<CallSummary>().Where(c => c.Number == phone).Select(c => c.Id).ToListAsync(ct));
            streams.UnionWith(await session.Query<StaffTask>().Where(t => t.Phone == phone).Select(t => t.Id).ToListAsync(ct));
        }
        return streams;
    }
}
