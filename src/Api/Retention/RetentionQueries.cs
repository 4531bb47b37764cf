using ChiroClick.Projections.Patients;
using ChiroClick.Projections.Retention;

namespace ChiroClick.Api.Retention;

/// <summary>Retention inputs read from the inline read models, for tests, verification and the command line (demo, <c>export csv</c>).</summary>
public static class RetentionQueries
{
    /// <summary>
    /// Every patient's visit times (one list per registered patient, possibly empty), read from the inline
    /// <see cref="PatientVisits"/>: the input of the reference computation <see cref="RetentionMath"/> (tests, verification).
    /// </summary>
    public static async Task<IReadOnlyList<IReadOnlyList<DateTimeOffset>>> VisitTimesAsync(IQuerySession session, CancellationToken ct)
    {
        var docs = await session.Query<PatientVisits>().ToListAsync(ct);
        return docs.Select(d => (IReadOnlyList<DateTimeOffset>)d.Visits.Select(v => v.CompletedAt).ToList()).ToList();
    }

    /// <summary>The retention cohorts computed from every patient's visit times as of <paramref name="now"/> (<see cref="RetentionMath.Cohorts"/>).</summary>
    public static async Task<IReadOnlyList<RetentionCohort>> CohortsFromVisitsAsync(IQuerySession session, DateTimeOffset now, CancellationToken ct) =>
        RetentionMath.Cohorts(await VisitTimesAsync(session, ct), now);
}
